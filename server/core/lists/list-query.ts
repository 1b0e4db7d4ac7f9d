/**
 * Every list's query, typed against the fields that list offers: Harbor's q conditions and
 * sort keys become filters and orderings on named columns, checked here so a bad value is a 400
 * naming its key, never SQL. A key the list does not offer is skipped, as Harbor's ORM skips it
 * (src/lib/orm/query.go): tools send keys of other Harbor versions. Paging follows Harbor: page
 * from 1 (0 reads as 1), page_size 10 by default and at most 100; page_size 0 asks for the whole
 * list unpaged, bounded by UNPAGED_LIMIT. The SQL side is list.repository.ts.
 */
import type { RawBuilder } from 'kysely';
import { invalid } from '../../lib/errors.js';
import { parseQuery, parseQueryTime, parseSort, type Condition } from '../../lib/query-language.js';
import { MAX_ROW_ID } from '../../lib/row-id.js';

/** int: a 32-bit column (ids, counts); bigint: a size in bytes. */
export type FieldType = 'string' | 'int' | 'bigint' | 'bool' | 'time';
export type Scalar = string | number;

/** A column (or alias) by name, or an SQL expression over the list's row. */
export type Column = string | RawBuilder<unknown>;

export interface ListField {
  /** The SQL column (or alias, or expression) the list query exposes under this name. */
  column: Column;
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
  | { column: Column; op: 'eq'; value: Scalar }
  | { column: Column; op: 'contains'; value: string; lowerCase?: boolean }
  | { column: Column; op: 'range'; min?: Scalar; max?: Scalar }
  | { column: Column; op: 'in'; values: Scalar[] };

export interface Ordering {
  column: Column;
  desc: boolean;
  nullable?: boolean;
}

export interface ListQuery {
  filters: Filter[];
  orderings: Ordering[];
  page: number;
  /** 0: the whole list (Harbor's page_size=0), up to UNPAGED_LIMIT items. */
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
/**
 * The most items page_size=0 answers with. Harbor has no bound; harbor-cli and Terraform's
 * provider send page_size=0 to look one user or project up by name, so a list this long is
 * a mistake, and refusing it (a 400 saying to page) costs one count, where answering would hold
 * the whole table in memory at once.
 */
export const UNPAGED_LIMIT = 10_000;

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
    case 'bigint': {
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
        throw invalid(`In q, ${key} must be a whole number up to ${Number.MAX_SAFE_INTEGER}, not "${raw}".`, 'q');
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

/** The field a q or sort key names, or undefined when the list does not offer it there. */
function fieldOf(spec: ListSpec, key: string, use: 'q' | 'sort'): ListField | undefined {
  const field = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
  if (!field) return undefined;
  return (use === 'q' ? field.filter !== false : field.sort === true) ? field : undefined;
}

/** One q condition (or a dedicated query parameter written as one) as filters; none for a key the list lacks. */
export function filtersFor(spec: ListSpec, condition: Condition): Filter[] {
  const field = fieldOf(spec, condition.key, 'q');
  if (!field) return [];
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
  // Keys the list does not sort by are skipped; when none is left the default applies (Harbor's setSorts).
  const sortable = (sort: string | undefined) =>
    parseSort(sort).flatMap(({ key, desc }) => {
      const field = fieldOf(spec, key, 'sort');
      return field ? [{ field, desc }] : [];
    });
  const requested = sortable(paging.sort);
  const sortKeys = requested.length > 0 ? requested : sortable(spec.defaultSort);
  const fields = sortKeys.map(({ field }) => field);
  const orderings: Ordering[] = sortKeys.map(({ field, desc }) => ({
    column: field.column,
    desc,
    ...(field.nullable ? { nullable: true } : {}),
  }));
  const settled = fields.some((f) => f.unique || f.column === spec.tieBreaker);
  if (!settled) {
    orderings.push({ column: spec.tieBreaker, desc: orderings[0]?.desc ?? false });
  }
  return {
    filters: conditions.flatMap((c) => filtersFor(spec, c)),
    orderings,
    // Harbor reads page 0 as the first page.
    page: Math.max(paging.page, 1),
    pageSize: paging.page_size,
  };
}

export const emptyPage = <T>(query: ListQuery): Page<T> => ({ items: [], total: 0, page: query.page, pageSize: query.pageSize });
