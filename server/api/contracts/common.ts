/** Schemas every resource uses: Harbor's error body, paging, list headers, name-or-id. */
import { z } from 'zod';
import { MAX_ROW_ID } from '../../lib/row-id.js';

export const ErrorBody = z
  .object({
    errors: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        field: z.string().optional().describe('Berth: the request field at fault (a 400 or 422 about one field).'),
      }),
    ),
  })
  .meta({ id: 'Errors', description: 'Harbor\'s error body: {"errors":[{"code","message"}]}, with Berth\'s field when one is at fault.' });

/** Harbor's page, page_size, q and sort (src/lib/q). */
export const pagingQuery = z.object({
  page: z.coerce.number().int().min(0).default(1).describe('The page number, from 1 (0 reads as 1, as Harbor reads it).'),
  page_size: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(10)
    .describe('The size of a page, at most 100; 0 lists everything unpaged (at most 10000 items, else 400), as harbor-cli asks.'),
  q: z
    .string()
    .optional()
    .describe(
      'Harbor\'s query: k=v (exact), k=~v (contains), k=[min~max] (range), k={a b} (any of), k=(a b) (all of), comma separated. Keys the list does not offer are ignored, as Harbor ignores them.',
    ),
  sort: z
    .string()
    .optional()
    .describe('Sort keys, comma separated, "-" before a key for descending: sort=name,-creation_time. Keys the list does not sort by are ignored.'),
});

/** A row id in a path (coerced) or a body: 1 to 2147483647, the id columns' range. */
export const rowIdParam = (description: string) => z.coerce.number().int().min(1).max(MAX_ROW_ID).describe(description);
export const rowId = () => z.int().min(1).max(MAX_ROW_ID);

const TRUTHY = ['true', '1'];

/** A flag in the query or a header: true or false (1 and 0, any case, as Harbor's parser takes them). */
export const booleanParam = (description: string) =>
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }))
    .transform((v) => TRUTHY.includes(v))
    .optional()
    // Documented as what it means; on the wire a query or header value is text anyway.
    .meta({ description, type: 'boolean' } as Record<string, unknown>);

export { ZERO_TIME } from '../../lib/time.js';

/** Headers of every list response. */
export const LIST_HEADERS = ['X-Total-Count', 'Link'] as const;

export const isResourceNameHeader = z.object({
  'x-is-resource-name': booleanParam('true: {project_name_or_id} is a name even when it looks like a number.'),
});

export const projectNameOrId = z.string().min(1).describe('The project name or id.');

/** The error responses an operation may give, for the document. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error.', body: ErrorBody }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'The request is not valid; the message names the field.',
  401: 'Sign-in needed.',
  403: 'Not allowed.',
  404: 'Not found.',
  409: 'Conflicts with an existing resource.',
  412: 'A precondition failed.',
  429: 'Too many failed sign-ins; Retry-After says when to try again.',
};

export const ok = { 200: { description: 'Done.' } } as const;
export const created = { 201: { description: 'Created.', headers: ['Location'] } } as const;
