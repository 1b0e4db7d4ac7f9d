/** One page of a Harbor list: the rows and X-Total-Count, and the query options that ask for it. */
import { keepPreviousData, queryOptions, type QueryKey } from '@tanstack/react-query';
import { api } from './api-client';
import type { ListParams } from './list-params';

export interface Page<T> {
  items: T[];
  total: number;
}

export async function fetchPage<T>(url: string, params: ListParams, extra: Record<string, string | undefined> = {}): Promise<Page<T>> {
  const query: Record<string, string | number> = { page: params.page, page_size: params.pageSize };
  if (params.sort) query.sort = params.sort;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') query[key] = value;
  const res = await api.get<T[]>(url, { params: query });
  return { items: res.data, total: Number(res.headers['x-total-count'] ?? res.data.length) };
}

/** One page of the Harbor list at `path`, with the page's query parameters beside paging and sort (for useListPage, list-page.ts). */
export function pageQuery<T>(queryKey: QueryKey, path: string, params: ListParams, extra: Record<string, string | undefined> = {}) {
  return queryOptions({
    queryKey,
    queryFn: () => fetchPage<T>(path, params, extra),
    placeholderData: keepPreviousData,
  });
}
