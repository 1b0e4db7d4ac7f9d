/** Table types of the layer listings cache (migration 2026_12_02_0025_layer_listings). */
import type { Selectable } from 'kysely';

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
  layer_listings: LayerListingsTable;
}

export type LayerListingRow = Selectable<LayerListingsTable>;
