/**
 * The list pattern every list page shares: its paging, sorting and filters live in the URL
 * (useListParams), one query per page of the endpoint, and the previous page stays on screen
 * while the next loads. Each endpoint's query is a `queryOptions` declared beside its fetcher
 * (features/<area>/api), so a route's loader can prefetch exactly what the page will ask for.
 */
import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useListParams, type ListDefaults, type ListParams } from './list-params';
import type { Page } from './pages';

// Declared with fetchPage, so a route loader that prefetches a list does not pull in the page's hooks.
export { pageQuery } from './pages';

/** The query options of a list endpoint for one page's parameters. */
export type PageQueryOf<T> = (params: ListParams) => UseQueryOptions<Page<T>, Error, Page<T>, QueryKey>;

/**
 * A list page's state and query: `table` spreads into DataTable, `filter` into FilterInput.
 */
export function useListPage<T>(defaults: ListDefaults, queryOf: PageQueryOf<T>) {
  const [params, setParams] = useListParams(defaults);
  const query = useQuery(queryOf(params));
  return {
    params,
    setParams,
    query,
    table: { query, params, onParams: setParams },
    filter: { value: params.filter, onChange: (filter: string) => setParams({ filter }) },
  };
}
