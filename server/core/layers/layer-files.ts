/**
 * The files of an image layer, read as the layer streams from the blob store.
 *
 * A layer is a tar archive, usually gzipped, of the files one build step added, changed or
 * deleted. Insight features (diffs between images, package inventories) need its entries and,
 * for a few files, their contents — never the whole layer in memory: node-tar parses the stream
 * entry by entry, and the visitor reads an entry's body only when it wants it. The parser holds
 * back the source while a visitor is busy (stream backpressure), so memory stays at a chunk or
 * two whatever the layer's size.
 *
 * Deletions in a layer are overlay "whiteouts" (the OCI image spec, layer.md): a file named
 * `.wh.<name>` deletes `<name>` from the layers below, and `.wh..wh..opq` in a directory hides
 * everything the layers below put there. Entries carry that meaning so callers need not parse it.
 */
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import type { BlobStore } from '../../storage/blob-store.js';

export type LayerEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Normalised: no leading `./` or `/`, no trailing `/`. For a whiteout, the path it deletes. */
  path: string;
  type: LayerEntryType;
  /** Bytes of a regular file; 0 otherwise. */
  size: number;
  /** Permission and special bits (for example 0o4755), without the file type. */
  mode: number;
  /** Where a symlink or hardlink points. */
  linkTarget?: string;
  /** `file`: this entry deletes `path` below it; `opaque`: it hides everything below in directory `path`. */
  whiteout?: 'file' | 'opaque';
}

/**
 * Called once per entry, in archive order. `body` is the entry's bytes as a stream; a visitor
 * that does not read it leaves it to be skipped. Entries are handed over one at a time: the next
 * comes after the returned promise settles.
 */
export type LayerVisitor = (entry: LayerEntry, body: ReadEntry) => void | Promise<void>;

/** Layer media types whose compression this reader understands (plain tar and gzip). */
const READABLE_LAYER_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);

/** Whether the layer's media type is one `walkLayerBlob` can read (zstd needs Node 22's zlib). */
export function isReadableLayer(mediaType: string): boolean {
  return READABLE_LAYER_TYPES.has(mediaType);
}

/** Why a layer could not be read: a missing blob, a compression Berth cannot read, or a damaged archive. */
export class LayerUnreadableError extends Error {
  constructor(
    readonly digest: string,
    readonly reason: 'missing' | 'unsupported' | 'damaged',
    detail: string,
  ) {
    super(`Layer ${digest} cannot be read: ${detail}`);
  }
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

function normalisePath(raw: string): string {
  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return path;
}

function entryType(type: ReadEntry['type']): LayerEntryType {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** What a tar entry means in the image's filesystem. */
export function describeEntry(entry: ReadEntry): LayerEntry {
  const path = normalisePath(entry.path);
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  const mode = (entry.mode ?? 0) & 0o7777;
  if (name === OPAQUE_MARKER) return { path: dir, type: 'other', size: 0, mode, whiteout: 'opaque' };
  if (name.startsWith(WHITEOUT_PREFIX)) {
    const deleted = name.slice(WHITEOUT_PREFIX.length);
    return { path: dir ? `${dir}/${deleted}` : deleted, type: 'other', size: 0, mode, whiteout: 'file' };
  }
  const type = entryType(entry.type);
  const described: LayerEntry = { path, type, size: type === 'file' ? (entry.size ?? 0) : 0, mode };
  if (entry.linkpath) described.linkTarget = entry.linkpath;
  return described;
}

/**
 * Walks a layer archive from `source` (tar, or gzipped tar: the parser recognises gzip by its
 * magic bytes). Rejects with the parser's error on a damaged archive.
 */
export async function walkLayer(source: Readable, visit: LayerVisitor): Promise<void> {
  let failure: unknown = null;
  let queue: Promise<void> = Promise.resolve();
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      // Pause the entry until its turn: its bytes wait in the parser, which holds back the source.
      entry.pause();
      queue = queue.then(async () => {
        if (failure) return void entry.resume();
        try {
          await visit(describeEntry(entry), entry);
        } catch (error) {
          failure = error;
        }
        entry.resume();
      });
    },
  });
  await pipeline(source, parser);
  await queue;
  if (failure) throw failure;
}

/** Walks the layer `digest` as the blob store holds it. */
export async function walkLayerBlob(store: BlobStore, digest: string, mediaType: string, visit: LayerVisitor): Promise<void> {
  if (!isReadableLayer(mediaType)) throw new LayerUnreadableError(digest, 'unsupported', `its media type ${mediaType} is not a tar or gzipped tar layer.`);
  const source = await store.open(digest);
  if (!source) throw new LayerUnreadableError(digest, 'missing', 'the blob store does not hold it.');
  try {
    await walkLayer(source, visit);
  } catch (error) {
    if (error instanceof LayerUnreadableError) throw error;
    const code = (error as { code?: string }).code;
    if (code?.startsWith('TAR_') || code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new LayerUnreadableError(digest, 'damaged', (error as Error).message);
    }
    throw error;
  }
}
