/**
 * Harbor's list headers: X-Total-Count, and Link with the previous and next pages
 * (`<url>; rel="prev" , <url>; rel="next"`, each only when it exists), built from the request's
 * own path and query so filters carry over, written as Harbor writes them (handler/base.go Links):
 * the parameters sorted by name and decoded, so `q=name=~x` reads as sent, not `q=name%3D~x`.
 */
import type { Request, Response } from 'express';
import type { Page } from '../core/lists/list-query.js';
import { bodyWithRaw } from '../lib/raw-json.js';

/**
 * A decoded parameter as it goes into a Link. Harbor leaves every character raw; Berth escapes
 * the few that would break the header or change what the URL means: controls and non-ASCII (a
 * header holds Latin-1 only), `<` `>` (they delimit the URL), `&` `#` (they would end the value).
 */
const linkText = (text: string) => text.replace(/[^\x20-\x7e]|[<>&#]/gu, (ch) => encodeURIComponent(ch));

export function pageLinks(req: Request, page: Pick<Page<unknown>, 'total' | 'page' | 'pageSize'>): string {
  // page_size=0 is the whole list: there is no other page (Harbor sends no Link either).
  if (page.pageSize === 0) return '';
  const url = new URL(req.originalUrl, 'http://berth.invalid');
  const at = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(n));
    params.set('page_size', String(page.pageSize));
    params.sort();
    const query = [...params].map(([k, v]) => `${linkText(k)}=${linkText(v)}`).join('&');
    return `${url.pathname}?${query}`;
  };
  const links: string[] = [];
  if (page.page > 1 && (page.page - 1) * page.pageSize < page.total) links.push(`<${at(page.page - 1)}>; rel="prev"`);
  if (page.page * page.pageSize < page.total) links.push(`<${at(page.page + 1)}>; rel="next"`);
  return links.join(' , ');
}

/** Sets a list's headers: X-Total-Count, and Link when there is another page. */
export function setPageHeaders(req: Request, res: Response, page: Page<unknown>): void {
  res.setHeader('X-Total-Count', String(page.total));
  const link = pageLinks(req, page);
  if (link) res.setHeader('Link', link);
}

/** Sends one page of a list with its headers. */
export function sendPage<T, J>(req: Request, res: Response, page: Page<T>, toJson: (item: T) => J): void {
  setPageHeaders(req, res, page);
  res.json(page.items.map(toJson));
}

/**
 * Sends JSON that may hold RawJson text (as res.json does, but the text is written as it is, not
 * parsed and serialized again), with an ETag and 304 for a fresh If-None-Match as res.send gives.
 */
export function sendWithRaw(req: Request, res: Response, value: unknown): void {
  const body = bodyWithRaw(value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', body.etag);
  if (req.fresh) {
    res.removeHeader('Content-Type');
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', body.length);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const part of body.parts) res.write(part);
  res.end();
}
