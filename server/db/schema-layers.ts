/**
 * Table types of what Berth knows about layers: the layer-prefix chains of images (migration
 * 2026_12_02_0021_layer_chains) and the cached file listings diffs read (2026_12_02_0025_layer_listings).
 */
import type { Generated, Selectable } from 'kysely';

/** One row per layer prefix of an image manifest: the chain of its first `depth` layers. */
export interface ArtifactLayerChainsTable {
  artifact_id: number;
  /** 1 for the first layer alone, up to `layers`. */
  depth: number;
  /** OCI's ChainID over the manifest's layer digests up to `depth` (the first layer's digest at depth 1). */
  chain: string;
  /** How many layers the artifact has: the row with depth = layers holds its full chain. */
  layers: number;
  /** The artifact's project and push time, set and kept by triggers (migration 0031): the dependents list reads them here. */
  project_id: Generated<number>;
  push_time: Generated<string>;
}

/** A layer's files as a diff reads them: gzipped JSON of LayerFile[] (core/layers/layer-listing.ts). */
export interface LayerListingsTable {
  digest: string;
  entry_count: number;
  byte_size: number;
  listing: Buffer;
  creation_time: string;
  last_used: string;
}

export interface LayerTables {
  artifact_layer_chains: ArtifactLayerChainsTable;
  layer_listings: LayerListingsTable;
}

export type LayerListingRow = Selectable<LayerListingsTable>;
