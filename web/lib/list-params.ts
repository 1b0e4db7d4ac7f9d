/**
 * List state in the URL (page, page_size, sort and the filters), so a filtered, sorted page can
 * be shared and the back button works. Names and defaults follow Harbor's API (page 1,
 * page_size 15 in the console, sort "-field" for descending).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface ListParams {
  page: number;
  pageSize: number;
  /** The free-text filter the user typed (URL key `filter`). */
  filter: string;
  /** Harbor's sort: "name" or "-creation_time". */
  sort: string;
  /** Further filters, by their URL key; "" when not set. */
  filters: Readonly<Record<string, string>>;
}

export type ListChanges = Partial<Omit<ListParams, 'filters'>> & { filters?: Record<string, string> };

export const PAGE_SIZES = [15, 25, 50, 100];

export interface ListDefaults {
  sort?: string;
  pageSize?: number;
  /** URL keys of the further filters this list offers. */
  filterKeys?: readonly string[];
}

const NO_KEYS: readonly string[] = [];

/** The list's state as the URL's query gives it (also read by route loaders, before the page renders). */
export function listParamsOf(search: URLSearchParams, { sort: defaultSort = '', pageSize: defaultSize = 15, filterKeys = NO_KEYS }: ListDefaults = {}): ListParams {
  return {
    page: Math.max(1, Number(search.get('page')) || 1),
    pageSize: Math.min(100, Number(search.get('page_size')) || defaultSize),
    filter: search.get('filter') ?? '',
    sort: search.get('sort') ?? defaultSort,
    filters: Object.fromEntries(filterKeys.filter(Boolean).map((key) => [key, search.get(key) ?? ''])),
  };
}

export function useListParams({ sort: defaultSort = '', pageSize: defaultSize = 15, filterKeys = NO_KEYS }: ListDefaults = {}) {
  const [search, setSearch] = useSearchParams();
  const keysId = filterKeys.join(',');
  const params: ListParams = useMemo(
    () => listParamsOf(search, { sort: defaultSort, pageSize: defaultSize, filterKeys: keysId.split(',') }),
    [search, defaultSize, defaultSort, keysId],
  );
  const update = useCallback(
    (changes: ListChanges) => {
      const typing = changes.filter !== undefined || changes.filters !== undefined;
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          const set = (key: string, value: string | number | undefined, fallback: string | number) => {
            if (value === undefined) return;
            if (value === '' || value === fallback) next.delete(key);
            else next.set(key, String(value));
          };
          set('page', changes.page, 1);
          set('page_size', changes.pageSize, defaultSize);
          set('filter', changes.filter, '');
          set('sort', changes.sort, defaultSort);
          for (const [key, value] of Object.entries(changes.filters ?? {})) set(key, value, '');
          // A new filter, sort or page size starts again from the first page.
          if (typing || changes.sort !== undefined || changes.pageSize !== undefined) next.delete('page');
          return next;
        },
        { replace: typing },
      );
    },
    [setSearch, defaultSize, defaultSort],
  );
  return [params, update] as const;
}

/** One condition of Harbor's q: contains, equals, or a range whose ends may be open. */
export type Condition = { contains: string } | { equals: string } | { from?: string; to?: string };

/** Quotes a value so commas, brackets and tildes in it stay part of it. */
const quote = (value: string) => (value.includes('"') ? `'${value}'` : `"${value}"`);

/** Builds q from conditions, leaving out the empty ones: `username=~"adm",op_time=["a"~"b"]`. */
export function harborQuery(conditions: Record<string, Condition | undefined>): string | undefined {
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(conditions)) {
    if (!condition) continue;
    if ('contains' in condition) {
      if (condition.contains.trim()) parts.push(`${key}=~${quote(condition.contains.trim())}`);
    } else if ('equals' in condition) {
      if (condition.equals) parts.push(`${key}=${quote(condition.equals)}`);
    } else if (condition.from || condition.to) {
      parts.push(`${key}=[${condition.from ? quote(condition.from) : ''}~${condition.to ? quote(condition.to) : ''}]`);
    }
  }
  return parts.length ? parts.join(',') : undefined;
}

/** Harbor's q for a fuzzy match on one field: name=~"foo". */
export const fuzzyQuery = (field: string, text: string) => harborQuery({ [field]: { contains: text } });
