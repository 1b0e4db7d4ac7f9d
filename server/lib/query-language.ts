/**
 * Harbor's list query language (src/lib/q/builder.go), parsed without knowing any field:
 *
 *   q=k=v,k2=~v2,k3=[min~max],k4={a b c},k5=(a b)     sort=k1,-k2
 *
 * exact `k=v`; fuzzy (contains) `k=~v`; range `k=[min~max]` (either end may be empty); OR list
 * `k={a b}`; AND list `k=(a b)`. Values may be quoted with " or ' (to hold spaces, commas or
 * brackets); a leading backslash makes an exact value literal (`k=\~x` is the value `~x`).
 * Harbor splits on every comma; Berth splits only outside quotes and brackets, so every query
 * Harbor accepts means the same here. Values stay text: the list that uses them knows their types.
 */
import { invalid } from './errors.js';

export type Condition =
  | { key: string; kind: 'exact'; value: string }
  | { key: string; kind: 'fuzzy'; value: string }
  | { key: string; kind: 'range'; min?: string; max?: string }
  | { key: string; kind: 'or'; values: string[] }
  | { key: string; kind: 'and'; values: string[] };

export interface SortKey {
  key: string;
  desc: boolean;
}

const CLOSING: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

/** Splits `text` at each `separator` that is outside quotes and brackets. */
function splitTopLevel(text: string, separator: (ch: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  const open: string[] = [];
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (CLOSING[ch]) {
      open.push(CLOSING[ch]);
    } else if (ch === open.at(-1)) {
      open.pop();
    } else if (open.length === 0 && separator(ch)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

const unquote = (value: string) => {
  const v = value.trim();
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v;
};

/** Harbor decodes q once more than the HTTP layer does, so clients that encode twice still work. */
function decodeAgain(q: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(q)) return q;
  try {
    return decodeURIComponent(q);
  } catch {
    return q;
  }
}

const problem = (message: string) => invalid(message, 'q');

function parseList(key: string, body: string, kind: 'or' | 'and'): Condition {
  const values = splitTopLevel(body, (ch) => /\s/.test(ch))
    .map(unquote)
    .filter((v) => v !== '');
  if (values.length === 0) throw problem(`The list for ${key} is empty.`);
  return { key, kind, values };
}

function parseValue(key: string, raw: string): Condition {
  const first = raw[0];
  if (first === '~') {
    const value = unquote(raw.slice(1));
    if (!value) throw problem(`The fuzzy match for ${key} needs at least one character after "~".`);
    return { key, kind: 'fuzzy', value };
  }
  if (first === '[' || first === '{' || first === '(') {
    if (raw.at(-1) !== CLOSING[first]) {
      throw problem(`The value of ${key} starts with "${first}" and must end with "${CLOSING[first]}".`);
    }
    const body = raw.slice(1, -1);
    if (first === '{') return parseList(key, body, 'or');
    if (first === '(') return parseList(key, body, 'and');
    const ends = splitTopLevel(body, (ch) => ch === '~');
    if (ends.length !== 2) throw problem(`The range for ${key} must hold exactly one "~" between its ends.`);
    const [min, max] = ends.map(unquote) as [string, string];
    if (!min && !max) throw problem(`The range for ${key} needs at least one end.`);
    return { key, kind: 'range', ...(min ? { min } : {}), ...(max ? { max } : {}) };
  }
  return { key, kind: 'exact', value: raw.startsWith('\\') ? raw.slice(1) : unquote(raw) };
}

/** Parses `q`; an empty or absent q means no condition. Throws INVALID naming q. */
export function parseQuery(q: string | undefined): Condition[] {
  if (!q) return [];
  const decoded = decodeAgain(q);
  // The HTTP layer refuses a NUL it decodes; one that only this second decoding reveals is
  // refused here, before any value reaches SQL (PostgreSQL cannot compare text holding one).
  if (decoded.includes('\0')) throw problem('q must not contain a NUL character.');
  return splitTopLevel(decoded, (ch) => ch === ',').map((part) => {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    const value = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!key || !value) throw problem('The query string must contain "=" and the key/value cannot be empty.');
    return parseValue(key, value);
  });
}

/** Parses `sort=a,-b`. Throws INVALID naming sort. */
export function parseSort(sort: string | undefined): SortKey[] {
  if (!sort) return [];
  return sort.split(',').map((part) => {
    const trimmed = part.trim();
    const desc = trimmed.startsWith('-');
    const key = desc ? trimmed.slice(1) : trimmed;
    if (!key) throw invalid('Each sort key must be a field name, with "-" before it for descending order.', 'sort');
    return { key, desc };
  });
}

/**
 * A time as Harbor's clients write it ("2024-01-09 02:36:00", ISO 8601, or a date), read as UTC
 * when no zone is given, in the ISO form Berth stores. Null when it is not a time.
 */
export function parseQueryTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!match) return null;
  const [, date, time = '00:00:00', zone = 'Z'] = match;
  const parsed = new Date(`${date}T${time}${zone}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}
