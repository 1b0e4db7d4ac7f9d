/**
 * Layer listings for diffs, each read from its layer once and then served from the database
 * (layer_listings): a layer's listing never changes, so a 100,000-file base layer is streamed
 * the first time some diff needs it and never again while its row stays in the bound.
 *
 * Reading the layers of two big images takes a while, so it is an operation of its own: the
 * layers missing from the cache are read one at a time in the background, and a request waits
 * for them at most `waitMs`; past that it learns how far the reading got (n of m layers) and asks
 * again. Requests wanting the same layers share one reading in this process; two processes may
 * read the same layer at once, and the first stored row wins (the same bytes either way).
 */
import type { CoreContext } from '../context.js';
import { LayerUnreadableError } from './layer-files.js';
import { decodeListing, encodeListing, readLayerListing, type LayerFile } from './layer-listing.js';
import { findListings, insertListing, touchListings, trimListings } from './listing.repository.js';

type Deps = Pick<CoreContext, 'db' | 'blobs'>;

export interface LayerRef {
  digest: string;
  mediaType: string;
}

/** A layer's files, or why they could not be read. */
export type Listing = LayerFile[] | LayerUnreadableError;

export type ListingsAnswer =
  | { ready: true; listings: Map<string, Listing>; read: number; cached: number }
  | { ready: false; done: number; total: number };

/** The stored listings are kept under this many (gzipped) bytes, least recently used dropped first. */
export const LISTING_CACHE_BYTES = 512 * 1024 * 1024;

/** Counters since the process started: listings served from the cache, and layers streamed. */
export const listingCounters = { hits: 0, reads: 0 };

interface Reading {
  total: number;
  done: number;
  result: Promise<Map<string, Listing>>;
}

/** The readings under way in this process, by the digests they read. */
const readings = new Map<string, Reading>();
/** Each layer being read now, so two readings never stream the same layer twice. */
const layersBeingRead = new Map<string, Promise<Listing>>();

async function readAndStore(deps: Deps, layer: LayerRef): Promise<Listing> {
  const under = layersBeingRead.get(layer.digest);
  if (under) return under;
  const reading = (async (): Promise<Listing> => {
    try {
      const files = await readLayerListing(deps.blobs, layer.digest, layer.mediaType);
      listingCounters.reads++;
      await insertListing(deps.db, layer.digest, files.length, await encodeListing(files));
      return files;
    } catch (error) {
      if (error instanceof LayerUnreadableError) return error;
      throw error;
    }
  })();
  layersBeingRead.set(layer.digest, reading);
  try {
    return await reading;
  } finally {
    layersBeingRead.delete(layer.digest);
  }
}

function startReading(deps: Deps, missing: LayerRef[]): Reading {
  const key = missing.map((l) => l.digest).join(',');
  const known = readings.get(key);
  if (known) return known;
  const reading: Reading = { total: missing.length, done: 0, result: Promise.resolve(new Map()) };
  reading.result = (async () => {
    const out = new Map<string, Listing>();
    // One layer at a time: a diff is not worth more than one core of the machine.
    for (const layer of missing) {
      out.set(layer.digest, await readAndStore(deps, layer));
      reading.done++;
    }
    await trimListings(deps.db, LISTING_CACHE_BYTES);
    return out;
  })().finally(() => readings.delete(key));
  // A reading nobody waits for any more still ends quietly; its failure reaches whoever asks next.
  reading.result.catch(() => undefined);
  readings.set(key, reading);
  return reading;
}

const timeout = (ms: number) =>
  new Promise<'waiting'>((resolve) => {
    const timer = setTimeout(() => resolve('waiting'), ms);
    timer.unref();
  });

/** The listings of `layers`, reading those the cache lacks; `ready: false` when that takes longer than `waitMs`. */
export async function listingsOf(deps: Deps, layers: LayerRef[], waitMs: number): Promise<ListingsAnswer> {
  const unique = [...new Map(layers.map((l) => [l.digest, l])).values()];
  const stored = await findListings(deps.db, unique.map((l) => l.digest));
  const missing = unique.filter((l) => !stored.has(l.digest)).sort((a, b) => a.digest.localeCompare(b.digest));
  let read = new Map<string, Listing>();
  if (missing.length > 0) {
    const reading = startReading(deps, missing);
    const first = await Promise.race([reading.result, timeout(waitMs)]);
    if (first === 'waiting') return { ready: false, done: reading.done, total: reading.total };
    read = first;
  }
  const listings = new Map<string, Listing>(read);
  for (const [digest, bytes] of stored) listings.set(digest, await decodeListing(bytes));
  listingCounters.hits += stored.size;
  await touchListings(deps.db, [...stored.keys()]);
  return { ready: true, listings, read: missing.length, cached: stored.size };
}
