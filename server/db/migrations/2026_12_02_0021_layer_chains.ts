/**
 * The layer-prefix chains of every image manifest, so that "what is this image built on" and
 * "which images are built on it" are index lookups, not scans of every manifest.
 *
 * For a manifest with layers L1..Ln, row k (1 <= k <= n) holds the chain of its first k layers,
 * computed as OCI's ChainID over the manifest's layer digests: chain(1) = digest(L1), chain(k) =
 * "sha256:" + hex(sha256(chain(k-1) + " " + digest(Lk))). `layers` repeats n on every row, so an
 * image's own full chain is the row where depth = layers. Image X is a base of image Y when X's
 * full chain is one of Y's rows at a depth below Y's layers; the index on (chain, depth) finds both
 * directions. Indexes have no layers and get no rows. Rows go with their artifact (cascade).
 *
 * Existing artifacts are filled here from the manifests the artifacts table stores, in batches.
 * The formula is written out here, not imported: migrations are frozen and import nothing from
 * the app (core/layers/layer-chains.ts computes the same for new pushes).
 */
import { createHash } from 'node:crypto';
import { notNull, type AnyDb } from './support.js';

const BATCH = 500;
/** Rows per INSERT: 4 parameters each, well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 1000;

function chainsOf(layerDigests: string[]): string[] {
  const chains: string[] = [];
  for (const digest of layerDigests) {
    const previous = chains[chains.length - 1];
    chains.push(previous === undefined ? digest : `sha256:${createHash('sha256').update(`${previous} ${digest}`).digest('hex')}`);
  }
  return chains;
}

/** The layer digests of a stored manifest; [] for an index or anything unreadable. */
function layerDigestsOf(manifest: Uint8Array | string): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(manifest).toString('utf8')) as { layers?: unknown };
    if (!Array.isArray(parsed.layers)) return [];
    const digests = parsed.layers.map((l) => (l as { digest?: unknown } | null)?.digest);
    return digests.every((d): d is string => typeof d === 'string') ? digests : [];
  } catch {
    return [];
  }
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('artifact_layer_chains')
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('depth', 'integer', notNull)
    .addColumn('chain', 'varchar(160)', notNull)
    .addColumn('layers', 'integer', notNull)
    .addPrimaryKeyConstraint('artifact_layer_chains_pk', ['artifact_id', 'depth'])
    .execute();
  await db.schema.createIndex('artifact_layer_chains_chain').on('artifact_layer_chains').columns(['chain', 'depth']).execute();

  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('artifacts')
      .select(['artifact_id', 'manifest'])
      // Image manifests have a config; indexes have none.
      .where('config_digest', 'is not', null)
      .where('artifact_id', '>', after)
      .orderBy('artifact_id')
      .limit(BATCH)
      .execute()) as { artifact_id: number; manifest: Uint8Array | string }[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.artifact_id;
    const values = rows.flatMap((row) => {
      const chains = chainsOf(layerDigestsOf(row.manifest));
      return chains.map((chain, i) => ({ artifact_id: row.artifact_id, depth: i + 1, chain, layers: chains.length }));
    });
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
      await db.insertInto('artifact_layer_chains').values(values.slice(i, i + ROWS_PER_INSERT)).execute();
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('artifact_layer_chains').execute();
}
