/**
 * Every list's query, typed against the fields that list offers: Harbor's q conditions and
 * sort keys become filters and orderings on named columns, checked here so a bad key or value
 * is a 400 naming it, never SQL. Paging follows Harbor: page from 1, page_size 10 by default and
 * at most 100. The SQL side is list.repository.ts.
 */
import { invalid } from '../../lib/errors.js';
import { parseQuery, parseQueryTime, parseSort, type Condition } from '../../lib/query-language.js';
import { MAX_ROW_ID } from '../../lib/row-id.js';

export type FieldType = 'string' | 'int' | 'bool' | 'time';
export type Scalar = string | number;

export interface ListField {
  /** The SQL column (or alias) the list query exposes under this name. */
  column: string;
  type: FieldType;
  /** May appear in q (default true). */
  filter?: boolean;
  /** May appear in sort (default false: only fields with an index are offered). */
  sort?: boolean;
  /** No two rows share a value, so an ordering on it needs no tie-breaker. */
  unique?: boolean;
  /** May be NULL: sorts as the smallest value on both dialects (SQLite's rule). */
  nullable?: boolean;
  /** Text stored in lower case only (a grammar says so): fuzzy match need not fold the column. */
  lowerCase?: boolean;
}

export interface ListSpec {
  /** What the list holds, for messages ("projects"). */
  items: string;
  fields: Record<string, ListField>;
  /** Applied when the request gives no sort, as Harbor writes it ("name", "-op_time"). */
  defaultSort: string;
  /** A unique column that ends every ordering, so pages never overlap. */
  tieBreaker: string;
}

export type Filter =
  | { column: string; op: 'eq'; value: Scalar }
  | { column: string; op: 'contains'; value: string; lowerCase?: boolean }
  | { column: string; op: 'range'; min?: Scalar; max?: Scalar }
  | { column: string; op: 'in'; values: Scalar[] };

export interface Ordering {
  column: string;
  desc: boolean;
  nullable?: boolean;
}

export interface ListQuery {
  filters: Filter[];
  orderings: Ordering[];
  page: number;
  pageSize: number;
}

export interface Paging {
  page: number;
  page_size: number;
  q?: string;
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

function typed(key: string, field: ListField, raw: string): Scalar {
  switch (field.type) {
    case 'string':
      return raw;
    case 'int': {
      // The widest integer column is 32 bits on PostgreSQL: a wider number is no value it holds.
      if (!/^-?\d+$/.test(raw) || Math.abs(Number(raw)) > MAX_ROW_ID) {
        throw invalid(`In q, ${key} must be an integer from -${MAX_ROW_ID} to ${MAX_ROW_ID}, not "${raw}".`, 'q');
      }
      return Number(raw);
    }
    case 'bool': {
      if (raw === 'true' || raw === '1') return 1;
      if (raw === 'false' || raw === '0') return 0;
      throw invalid(`In q, ${key} must be true or false, not "${raw}".`, 'q');
    }
    case 'time': {
      const time = parseQueryTime(raw);
      if (!time) throw invalid(`In q, ${key} must be a time such as "2024-01-09 02:36:00", not "${raw}".`, 'q');
      return time;
    }
  }
}

function fieldOf(spec: ListSpec, key: string, use: 'q' | 'sort'): ListField {
  const field = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
  const allowed = Object.entries(spec.fields)
    .filter(([, f]) => (use === 'q' ? f.filter !== false : f.sort === true))
    .map(([name]) => name);
  if (!field || !allowed.includes(key)) {
    const verb = use === 'q' ? 'filtered' : 'sorted';
    throw invalid(`In ${use}, ${spec.items} cannot be ${verb} by ${key}; use one of ${allowed.join(', ')}.`, use);
  }
  return field;
}

/** One q condition (or a dedicated query parameter written as one) as filters. */
export function filtersFor(spec: ListSpec, condition: Condition): Filter[] {
  const field = fieldOf(spec, condition.key, 'q');
  const { column } = field;
  const value = (raw: string) => typed(condition.key, field, raw);
  switch (condition.kind) {
    case 'exact':
      return [{ column, op: 'eq', value: value(condition.value) }];
    case 'fuzzy':
      if (field.type !== 'string') throw invalid(`In q, ${condition.key} cannot be matched with "~": it is not text.`, 'q');
      return [{ column, op: 'contains', value: condition.value, ...(field.lowerCase ? { lowerCase: true } : {}) }];
    case 'range':
      return [
        {
          column,
          op: 'range',
          ...(condition.min !== undefined ? { min: value(condition.min) } : {}),
          ...(condition.max !== undefined ? { max: value(condition.max) } : {}),
        },
      ];
    case 'or':
      return [{ column, op: 'in', values: condition.values.map(value) }];
    case 'and':
      // Harbor's AND list on a single-valued field: every value must match.
      return condition.values.map((v) => ({ column, op: 'eq' as const, value: value(v) }));
  }
}

/** The request's paging, q and sort, plus conditions from dedicated parameters, as one query. */
export function buildListQuery(spec: ListSpec, paging: Paging, extra: Condition[] = []): ListQuery {
  const conditions = [...parseQuery(paging.q), ...extra];
  const sortKeys = parseSort(paging.sort || spec.defaultSort);
  const fields = sortKeys.map(({ key }) => fieldOf(spec, key, 'sort'));
  const orderings: Ordering[] = sortKeys.map(({ desc }, i) => ({
    column: fields[i]!.column,
    desc,
    ...(fields[i]!.nullable ? { nullable: true } : {}),
  }));
  const settled = fields.some((f) => f.unique || f.column === spec.tieBreaker);
  if (!settled) {
    orderings.push({ column: spec.tieBreaker, desc: orderings[0]?.desc ?? false });
  }
  return {
    filters: conditions.flatMap((c) => filtersFor(spec, c)),
    orderings,
    page: paging.page,
    pageSize: paging.page_size,
  };
}

export const emptyPage = <T>(query: ListQuery): Page<T> => ({ items: [], total: 0, page: query.page, pageSize: query.pageSize });
