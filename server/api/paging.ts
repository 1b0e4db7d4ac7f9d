/**
 * Harbor's list headers: X-Total-Count, and Link with the previous and next pages
 * (`<url>; rel="prev" , <url>; rel="next"`, each only when it exists), built from the request's
 * own path and query so filters carry over.
 */
import type { Request, Response } from 'express';
import type { Page } from '../core/lists/list-query.js';

export function pageLinks(req: Request, page: Pick<Page<unknown>, 'total' | 'page' | 'pageSize'>): string {
  const url = new URL(req.originalUrl, 'http://berth.invalid');
  const at = (n: number) => {
    url.searchParams.set('page', String(n));
    url.searchParams.set('page_size', String(page.pageSize));
    return `${url.pathname}?${url.searchParams.toString()}`;
  };
  const links: string[] = [];
  if (page.page > 1 && (page.page - 1) * page.pageSize < page.total) links.push(`<${at(page.page - 1)}>; rel="prev"`);
  if (page.page * page.pageSize < page.total) links.push(`<${at(page.page + 1)}>; rel="next"`);
  return links.join(' , ');
}

/** Sends one page of a list with its headers. */
export function sendPage<T, J>(req: Request, res: Response, page: Page<T>, toJson: (item: T) => J): void {
  res.setHeader('X-Total-Count', String(page.total));
  const link = pageLinks(req, page);
  if (link) res.setHeader('Link', link);
  res.json(page.items.map(toJson));
}
