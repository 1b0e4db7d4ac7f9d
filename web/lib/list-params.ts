/**
 * List state in the URL (page, page_size, q, sort), so a filtered, sorted page can be shared
 * and the back button works. Names and defaults follow Harbor's API (page 1, page_size 15 in
 * the console, sort "-field" for descending).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface ListParams {
  page: number;
  pageSize: number;
  /** The free-text filter the user typed. */
  filter: string;
  /** Harbor's sort: "name" or "-creation_time". */
  sort: string;
}

export const PAGE_SIZES = [15, 25, 50, 100];

export function useListParams(defaults: { sort?: string; pageSize?: number } = {}) {
  const [search, setSearch] = useSearchParams();
  const params: ListParams = useMemo(
    () => ({
      page: Math.max(1, Number(search.get('page')) || 1),
      pageSize: Number(search.get('page_size')) || defaults.pageSize || 15,
      filter: search.get('filter') ?? '',
      sort: search.get('sort') ?? defaults.sort ?? '',
    }),
    [search, defaults.pageSize, defaults.sort],
  );
  const update = useCallback(
    (changes: Partial<ListParams>) => {
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          const set = (key: string, value: string | number | undefined, fallback: string | number) => {
            if (value === undefined) return;
            if (value === '' || value === fallback) next.delete(key);
            else next.set(key, String(value));
          };
          set('page', changes.page, 1);
          set('page_size', changes.pageSize, defaults.pageSize ?? 15);
          set('filter', changes.filter, '');
          set('sort', changes.sort, defaults.sort ?? '');
          // A new filter, sort or page size starts again from the first page.
          if (changes.filter !== undefined || changes.sort !== undefined || changes.pageSize !== undefined) next.delete('page');
          return next;
        },
        { replace: changes.filter !== undefined },
      );
    },
    [setSearch, defaults.pageSize, defaults.sort],
  );
  return [params, update] as const;
}

/** Harbor's q for a fuzzy match on one field: name=~foo. */
export const fuzzyQuery = (field: string, text: string) => (text.trim() ? `${field}=~${text.trim()}` : undefined);
