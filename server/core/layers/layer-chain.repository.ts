/**
 * Data access for the layer reverse index and base images: which artifacts name a blob
 * (artifact_blobs), and the layer-prefix chains of image manifests (artifact_layer_chains, see
 * layer-chains.ts) that say which image is built on which. Every list is limited to the
 * repositories the caller may see, in the query itself.
 */
import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { emptyPage, type ListQuery, type ListSpec, type Page } from '../lists/list-query.js';
import { pageCountedOnce, pageOf } from '../lists/list.repository.js';
import { visibleCondition, visibleProjectIds, type RepositoryVisibility } from '../repositories/repository.repository.js';
import { layerChains } from './layer-chains.js';

type Db = Kysely<Database>;

/** Rows per INSERT of chains: a manifest with thousands of layers stays under the parameter limits. */
const ROWS_PER_INSERT = 1000;

/** An artifact as the insight lists show it. */
export interface ArtifactSummary {
  artifactId: number;
  projectId: number;
  /** The full name, `<project>/<name>`. */
  repositoryName: string;
  digest: string;
  pushTime: string;
  /** How many layers the image has; 0 for an index or an artifact without layers. */
  layers: number;
  /** Its tags, newest first. */
  tags: string[];
}

/**
 * The fields the reverse index and the dependents list offer in q and sort. The link rows (`l`:
 * artifact_blobs or artifact_layer_chains) carry their artifact's id, project and push time
 * (migration 0031), so the default list reads links alone; the digest and the repository's name
 * are the artifact's (`a`) and its repository's (`r`), joined only when q or sort names them.
 */
export const LAYER_USER_LIST: ListSpec = {
  items: 'artifacts',
  fields: {
    id: { column: 'l.artifact_id', type: 'int', sort: true, unique: true },
    project_id: { column: 'l.project_id', type: 'int' },
    repository_name: { column: 'r.name', type: 'string', sort: true, lowerCase: true },
    digest: { column: 'a.digest', type: 'string' },
    push_time: { column: 'l.push_time', type: 'time', sort: true },
  },
  defaultSort: '-push_time',
  tieBreaker: 'l.artifact_id',
};

const LAYERS = sql<number>`coalesce((select lc.layers from artifact_layer_chains lc where lc.artifact_id = a.artifact_id and lc.depth = 1), 0)`;
const TAGGED = sql<SqlBool>`exists (select 1 from tags tg where tg.artifact_id = a.artifact_id)`;

interface SummaryRow {
  artifact_id: number;
  project_id: number;
  repository_name: string;
  digest: string;
  push_time: string;
  layers: number | string;
}

/** The artifacts aliased `a`, with their repository `r`, that `visibility` lets the caller see. */
function visibleArtifacts(db: Db, visibility: RepositoryVisibility) {
  const base = db.selectFrom('artifacts as a').innerJoin('repositories as r', 'r.repository_id', 'a.repository_id');
  const visible = visibleCondition(visibility);
  return visible ? base.where(visible) : base;
}

/** Whether the list filters or sorts on a column that is not on the link rows (an expression may). */
const namesArtifact = (query: ListQuery) =>
  [...query.filters, ...query.orderings].some((x) => typeof x.column !== 'string' || !x.column.startsWith('l.'));

const SUMMARY = ['a.artifact_id', 'a.project_id', 'r.name as repository_name', 'a.digest', 'a.push_time'] as const;

async function withTags(db: Db, rows: SummaryRow[]): Promise<ArtifactSummary[]> {
  const ids = rows.map((r) => r.artifact_id);
  const tags = ids.length
    ? await db.selectFrom('tags').select(['artifact_id', 'name']).where('artifact_id', 'in', ids).orderBy('push_time', 'desc').orderBy('tag_id', 'desc').execute()
    : [];
  const byArtifact = new Map<number, string[]>();
  for (const t of tags) {
    const names = byArtifact.get(t.artifact_id);
    if (names) names.push(t.name);
    else byArtifact.set(t.artifact_id, [t.name]);
  }
  return rows.map((r) => ({
    artifactId: r.artifact_id,
    projectId: r.project_id,
    repositoryName: r.repository_name,
    digest: r.digest,
    pushTime: r.push_time,
    layers: Number(r.layers),
    tags: byArtifact.get(r.artifact_id) ?? [],
  }));
}

/**
 * Lists of artifacts are paged in two steps: the page's ids first, ordered and counted (in the
 * same pass) over the narrow rows alone (a shared layer's users are thousands, and the sort sees them all whatever the
 * page), then the shown columns and layer counts of those few ids. Selected in the paging query,
 * the shown columns and layer counts were computed for every row before the sort.
 */
async function summariesOf(db: Db, page: Page<{ artifact_id: number }>): Promise<Page<ArtifactSummary>> {
  const ids = page.items.map((r) => r.artifact_id);
  if (ids.length === 0) return { ...page, items: [] };
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select([...SUMMARY, LAYERS.as('layers')])
    .where('a.artifact_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.artifact_id, r]));
  // An artifact deleted between the two reads drops out of the page.
  return { ...page, items: await withTags(db, ids.flatMap((id) => byId.get(id) ?? [])) };
}

/**
 * A page of link rows (`l`: artifact_blobs or artifact_layer_chains), paged and counted over the
 * links alone, as summaries; joined to their artifacts and repositories, and counted in the same
 * pass, only when q or sort names a column the links do not carry.
 */
async function summaryPageOf(
  db: Db,
  // Either link table: both carry artifact_id, project_id and push_time (migration 0031).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  links: SelectQueryBuilder<any, 'l', {}>,
  query: ListQuery,
): Promise<Page<ArtifactSummary>> {
  const ids = (qb: typeof links) => qb.select('l.artifact_id');
  const page = namesArtifact(query)
    ? await pageCountedOnce(db, links.innerJoin('artifacts as a', 'a.artifact_id', 'l.artifact_id').innerJoin('repositories as r', 'r.repository_id', 'a.repository_id'), query, ids)
    : await pageOf(db, links, query, ids);
  return summariesOf(db, page as Page<{ artifact_id: number }>);
}

/** Records the chains of a new image manifest's layers. */
export async function insertLayerChains(db: Db, artifactId: number, layerDigests: readonly string[]): Promise<void> {
  const chains = layerChains(layerDigests);
  const rows = chains.map((chain, i) => ({ artifact_id: artifactId, depth: i + 1, chain, layers: chains.length }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await db
      .insertInto('artifact_layer_chains')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['artifact_id', 'depth']).doNothing())
      .execute();
  }
}

/** Gives a copied artifact the source's chains (same manifest, same layers). */
export async function copyLayerChains(db: Db, sourceId: number, copyId: number): Promise<void> {
  await db
    .insertInto('artifact_layer_chains')
    .columns(['artifact_id', 'depth', 'chain', 'layers'])
    .expression(
      db
        .selectFrom('artifact_layer_chains')
        .select([sql<number>`cast(${copyId} as integer)`.as('artifact_id'), 'depth', 'chain', 'layers'])
        .where('artifact_id', '=', sourceId),
    )
    .onConflict((oc) => oc.columns(['artifact_id', 'depth']).doNothing())
    .execute();
}

/**
 * One page of the visible artifacts that name the blob (as a layer, a config or any other blob).
 * A shared base layer's users are thousands: they are counted and paged over the blob's links
 * alone, in the index (blob_id, push_time, artifact_id, project_id), whose order is the default
 * sort's, so the page stops after its rows; visibility is a filter on the link's project (the
 * visible projects read first). Only q or a sort on the digest or repository joins the artifacts.
 * Reading each user's artifact row for its push time and project took 17-20 of the 30 ms of a
 * list on PostgreSQL.
 */
export async function listBlobUsers(db: Db, digest: string, visibility: RepositoryVisibility, query: ListQuery): Promise<Page<ArtifactSummary>> {
  const projects = await visibleProjectIds(db, visibility);
  if (projects?.length === 0) return emptyPage(query);
  const links = db
    .selectFrom('artifact_blobs as l')
    .where('l.blob_id', '=', (eb) => eb.selectFrom('blobs as b').select('b.blob_id').where('b.digest', '=', digest));
  return summaryPageOf(db, projects ? links.where('l.project_id', 'in', projects) : links, query);
}

export interface FullChain {
  chain: string;
  /** How many layers the image has. */
  layers: number;
}

/** The chain of all the artifact's layers; undefined for an index or an artifact without layers. */
export async function fullChainOf(db: Db, artifactId: number): Promise<FullChain | undefined> {
  const row = await db
    .selectFrom('artifact_layer_chains')
    .select(['chain', 'layers'])
    .where('artifact_id', '=', artifactId)
    .whereRef('depth', '=', 'layers')
    .executeTakeFirst();
  return row && { chain: row.chain, layers: Number(row.layers) };
}

/**
 * The image `artifactId` is built on, among those the caller may see: an artifact whose layers
 * are all of its first layers, and fewer. Several may qualify; the rule is: the deepest (the
 * closest base: debian+python over debian), then a tagged one over an untagged one, then the most
 * recently pushed, then the newest row.
 */
export async function findBase(db: Db, artifactId: number, visibility: RepositoryVisibility): Promise<ArtifactSummary | undefined> {
  const row = await visibleArtifacts(db, visibility)
    .innerJoin('artifact_layer_chains as x', (join) => join.onRef('x.artifact_id', '=', 'a.artifact_id').onRef('x.depth', '=', 'x.layers'))
    .innerJoin('artifact_layer_chains as y', (join) => join.onRef('y.chain', '=', 'x.chain').onRef('y.depth', '=', 'x.depth'))
    .select([...SUMMARY, 'x.layers'])
    .where('y.artifact_id', '=', artifactId)
    .whereRef('y.depth', '<', 'y.layers')
    .orderBy('x.depth', 'desc')
    .orderBy(sql`case when ${TAGGED} then 1 else 0 end`, 'desc')
    .orderBy('a.push_time', 'desc')
    .orderBy('a.artifact_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (await withTags(db, [row]))[0] : undefined;
}

/**
 * The chains of the images built on the image whose full chain is `own` (their first layers are
 * all of its layers, and more follow) in `projects` (null: all), read from the index (chain,
 * depth, layers, push_time, artifact_id, project_id) alone.
 */
function dependentLinks(db: Db, own: FullChain, projects: number[] | null) {
  const links = db
    .selectFrom('artifact_layer_chains as l')
    .where('l.chain', '=', own.chain)
    .where('l.depth', '=', own.layers)
    .where('l.layers', '>', own.layers);
  return projects ? links.where('l.project_id', 'in', projects) : links;
}

/** One page of the images built on `own` that the caller may see. */
export async function listDependents(db: Db, own: FullChain, visibility: RepositoryVisibility, query: ListQuery): Promise<Page<ArtifactSummary>> {
  const projects = await visibleProjectIds(db, visibility);
  if (projects?.length === 0) return emptyPage(query);
  // The index orders by layers before push_time, so the page sorts every dependent's index entry
  // (top-N); counted apart, the total is an index-only count, and the two cost less on SQLite than
  // one pass with a window count, which sorts every row.
  return summaryPageOf(db, dependentLinks(db, own, projects), query);
}

/** How many images the caller may see are built on `own` (a lineage's count: no page to sort for). */
export async function countDependents(db: Db, own: FullChain, visibility: RepositoryVisibility): Promise<number> {
  const projects = await visibleProjectIds(db, visibility);
  if (projects?.length === 0) return 0;
  const row = await dependentLinks(db, own, projects).select(sql<number | string>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
