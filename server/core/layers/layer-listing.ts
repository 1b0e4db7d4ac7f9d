/**
 * A layer's listing: every entry of the layer archive with what a diff compares (type, size,
 * mode, link target) and, for regular files, the sha256 of the content, so an edit that keeps
 * the size is still seen. Made in one streamed pass over the layer (walkLayerBlob): each file's
 * bytes go through the hash as they arrive and are dropped, so memory holds the listing, never
 * the layer. A listing is stored gzipped (a few bytes per entry once compressed) and is the same
 * forever for its digest.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { BlobStore } from '../../storage/blob-store.js';
import { LayerUnreadableError, walkLayerBlob, type LayerEntryType } from './layer-files.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface LayerFile {
  path: string;
  type: LayerEntryType;
  size: number;
  mode: number;
  linkTarget?: string;
  /** Hex sha256 of a regular file's bytes. */
  sha256?: string;
  whiteout?: 'file' | 'opaque';
}

/**
 * Far above real layers (a full distribution's /usr holds ~100,000 files) and a bound on the
 * listing's memory (~200 bytes an entry): a layer with more is reported as unreadable.
 */
export const MAX_LAYER_ENTRIES = 1_000_000;

/** Streams the layer once and lists its entries in archive order. */
export async function readLayerListing(store: BlobStore, digest: string, mediaType: string): Promise<LayerFile[]> {
  const files: LayerFile[] = [];
  await walkLayerBlob(store, digest, mediaType, async (entry, body) => {
    if (files.length >= MAX_LAYER_ENTRIES) throw new LayerUnreadableError(digest, 'damaged', `it holds more than ${MAX_LAYER_ENTRIES} entries.`);
    const file: LayerFile = { path: entry.path, type: entry.type, size: entry.size, mode: entry.mode };
    if (entry.linkTarget !== undefined) file.linkTarget = entry.linkTarget;
    if (entry.whiteout) file.whiteout = entry.whiteout;
    if (entry.type === 'file' && !entry.whiteout) {
      const hash = createHash('sha256');
      for await (const chunk of body) hash.update(chunk as Buffer);
      file.sha256 = hash.digest('hex');
    }
    files.push(file);
  });
  return files;
}

export const encodeListing = async (files: LayerFile[]): Promise<Buffer> => gzipAsync(Buffer.from(JSON.stringify(files)));

export const decodeListing = async (stored: Buffer): Promise<LayerFile[]> => JSON.parse((await gunzipAsync(stored)).toString('utf8')) as LayerFile[];
