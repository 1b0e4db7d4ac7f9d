/**
 * The SQL half of every list: filters, orderings, the total and one page, all in the database.
 *
 * Fuzzy match ("contains") is case-insensitive for ASCII letters and exact for everything else,
 * in both dialects: SQLite's LIKE folds ASCII only, so PostgreSQL folds ASCII only too: lower()
 * under the "C" collation, whatever the database's locale (which lower() and ILIKE otherwise
 * follow). translate() over the 26 letters did the same at a fifth of the speed: 6.2 ms against
 * 1.2 for the 5,000 tags of a repository. % and _ in the value match themselves.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import { invalid } from '../../lib/errors.js';
import { UNPAGED_LIMIT, type Column, type Filter, type ListQuery, type Page } from './list-query.js';

const asciiLower = (value: string) => value.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

const refOf = (column: Column) => (typeof column === 'string' ? sql.ref(column) : column);

function condition(filter: Filter, postgres: boolean): RawBuilder<SqlBool> {
  const ref = refOf(filter.column);
  switch (filter.op) {
    case 'eq':
      return sql<SqlBool>`${ref} = ${filter.value}`;
    case 'contains': {
      const pattern = `%${escapeLike(asciiLower(filter.value))}%`;
      // Folding every row is what such a scan costs on PostgreSQL; skipped where the column
      // holds lower case only.
      return postgres && !filter.lowerCase
        ? sql<SqlBool>`lower((${ref}) collate "C") like ${pattern} escape '\\'`
        : sql<SqlBool>`${ref} like ${pattern} escape '\\'`;
    }
    case 'range': {
      const parts = [
        ...(filter.min !== undefined ? [sql`${ref} >= ${filter.min}`] : []),
        ...(filter.max !== undefined ? [sql`${ref} <= ${filter.max}`] : []),
      ];
      return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
    }
    case 'in':
      return sql<SqlBool>`${ref} in (${sql.join(filter.values)})`;
  }
}

/** Adds the query's filters to a select. */
export function withFilters<DB, TB extends keyof DB, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  qb: SelectQueryBuilder<DB, TB, O>,
  filters: Filter[],
): SelectQueryBuilder<DB, TB, O> {
  const postgres = isPostgres(db);
  return filters.reduce((acc, filter) => acc.where(condition(filter, postgres)), qb);
}

/**
 * The total and one page of a filtered select. `base` holds the FROM, joins and any fixed
 * conditions (visibility); `select` adds the columns. The page is skipped when it lies past the end.
 * Page size 0 reads the whole list, refused past UNPAGED_LIMIT items. `unfilteredTotal`, where a
 * list keeps its total elsewhere (a maintained counter), answers the total when the query has no
 * filters, in place of counting the rows.
 */
export async function pageOf<DB, TB extends keyof DB, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  base: SelectQueryBuilder<DB, TB, {}>,
  query: ListQuery,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  select: (qb: SelectQueryBuilder<DB, TB, {}>) => SelectQueryBuilder<DB, TB, O>,
  unfilteredTotal?: () => Promise<number | undefined>,
): Promise<Page<O>> {
  const filtered = withFilters(db, base, query.filters);
  const kept = query.filters.length === 0 && unfilteredTotal ? await unfilteredTotal() : undefined;
  const total = kept ?? Number(((await filtered.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow()) as { count: number | string }).count);
  const unpaged = query.pageSize === 0;
  if (unpaged && total > UNPAGED_LIMIT) {
    throw invalid(
      `page_size=0 lists at most ${UNPAGED_LIMIT} items at once and this list holds ${total}; read it in pages of at most 100.`,
      'page_size',
    );
  }
  // After the total, not beside it: a page past the end (or of a list that a condition empties,
  // such as q=tags=nil on a repository whose artifacts are all tagged) would read every row
  // again to find none. Read at once, that doubled q=tags=nil on PostgreSQL (32 -> 60 ms p95).
  const offset = unpaged ? 0 : (query.page - 1) * query.pageSize;
  if (total <= offset || total === 0) return { items: [], total, page: query.page, pageSize: query.pageSize };
  const items = await pageQuery(db, select(filtered), query).execute();
  return { items: items as O[], total, page: query.page, pageSize: query.pageSize };
}

/** The select of one page of rows, in the query's order (all of them for page_size=0). */
export function pageQuery<DB, TB extends keyof DB, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  selected: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
): SelectQueryBuilder<DB, TB, O> {
  const ordered = orderedBy(db, selected, query);
  return query.pageSize === 0 ? ordered : ordered.limit(query.pageSize).offset((query.page - 1) * query.pageSize);
}

function orderedBy<DB, TB extends keyof DB, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  qb: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
): SelectQueryBuilder<DB, TB, O> {
  const postgres = isPostgres(db);
  return query.orderings.reduce(
    (acc, o) =>
      // PostgreSQL puts NULL last ascending; SQLite (and so Berth) first. Said only where it
      // differs, so SQLite's planner keeps using its indexes.
      postgres && o.nullable
        ? acc.orderBy(refOf(o.column), (ob) => (o.desc ? ob.desc().nullsLast() : ob.asc().nullsFirst()))
        : acc.orderBy(refOf(o.column), o.desc ? 'desc' : 'asc'),
    qb,
  );
}

/**
 * pageOf in one query where it can: the page with the total counted beside it (a window count),
 * for lists whose rows are costly to find, which a count and then a page would find twice. A
 * page past the end holds no row to carry the total, so then the total is counted on its own.
 */
export async function pageCountedOnce<DB, TB extends keyof DB, O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  base: SelectQueryBuilder<DB, TB, {}>,
  query: ListQuery,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  select: (qb: SelectQueryBuilder<DB, TB, {}>) => SelectQueryBuilder<DB, TB, O>,
): Promise<Page<O>> {
  if (query.pageSize === 0) return pageOf(db, base, query, select);
  const filtered = withFilters(db, base, query.filters);
  const counted = select(filtered).select(sql<number | string>`count(*) over ()`.as('list_total'));
  const rows = (await pageQuery(db, counted, query).execute()) as (O & { list_total: number | string })[];
  if (rows.length === 0) return pageOf(db, base, query, select);
  const total = Number(rows[0]!.list_total);
  const items = rows.map(({ list_total: _, ...item }) => item as unknown as O);
  return { items, total, page: query.page, pageSize: query.pageSize };
}
