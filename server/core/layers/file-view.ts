/**
 * The files an image shows: its layers applied in order, as an overlay filesystem mounts them
 * (OCI image spec, layer.md, "Applying Changesets"). A later layer's entry replaces the one
 * below; a whiteout `.wh.<name>` deletes `<name>` and, for a directory, all below it; an opaque
 * marker hides everything the lower layers put in its directory (the layer's own entries
 * there stay); a non-directory over a directory hides the directory's contents too.
 */
import type { LayerFile } from './layer-listing.js';

export type FileView = Map<string, LayerFile>;

const isUnder = (path: string, dir: string) => dir === '' || path.startsWith(`${dir}/`);

/** Whether `path` or a directory above it is in `dirs`. */
function hiddenBy(path: string, dirs: Set<string>): boolean {
  if (dirs.has('')) return true;
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    if (dirs.has(path.slice(0, slash))) return true;
  }
  return false;
}

/** Applies one layer's entries over `view` (changed in place). */
export function applyLayer(view: FileView, layer: LayerFile[]): void {
  const deleted = new Set<string>();
  const hiddenDirs = new Set<string>();
  for (const entry of layer) {
    if (entry.whiteout === 'file') {
      deleted.add(entry.path);
      hiddenDirs.add(entry.path);
    } else if (entry.whiteout === 'opaque') hiddenDirs.add(entry.path);
    else if (entry.type !== 'directory' && view.get(entry.path)?.type === 'directory') hiddenDirs.add(entry.path);
  }
  if (deleted.size > 0 || hiddenDirs.size > 0) {
    // One pass over the lower files, whatever the number of whiteouts.
    for (const path of view.keys()) if (deleted.has(path) || hiddenBy(path, hiddenDirs)) view.delete(path);
  }
  for (const entry of layer) if (!entry.whiteout) view.set(entry.path, entry);
}

export function viewOf(layers: LayerFile[][]): FileView {
  const view: FileView = new Map();
  for (const layer of layers) applyLayer(view, layer);
  return view;
}

export type FileChange = 'type' | 'size' | 'mode' | 'link' | 'content';

export interface ChangedFile {
  path: string;
  before: LayerFile;
  after: LayerFile;
  changes: FileChange[];
}

export interface FileDiff {
  added: LayerFile[];
  removed: LayerFile[];
  changed: ChangedFile[];
  totals: { added: number; removed: number; changed: number };
  /** True when a list stops at `limit` while more files differ. */
  truncated: boolean;
}

function changesOf(before: LayerFile, after: LayerFile): FileChange[] {
  const changes: FileChange[] = [];
  if (before.type !== after.type) changes.push('type');
  if (before.size !== after.size) changes.push('size');
  if (before.mode !== after.mode) changes.push('mode');
  if ((before.linkTarget ?? '') !== (after.linkTarget ?? '')) changes.push('link');
  if (before.type === 'file' && after.type === 'file' && before.sha256 !== after.sha256) changes.push('content');
  return changes;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * What differs between two views, limited to the paths under `prefix` (all when empty); each
 * list sorted by path and cut at `limit`, with the full counts in `totals`.
 */
export function diffViews(from: FileView, to: FileView, prefix: string, limit: number): FileDiff {
  const within = (path: string) => prefix === '' || path === prefix || isUnder(path, prefix);
  const added: LayerFile[] = [];
  const removed: LayerFile[] = [];
  const changed: ChangedFile[] = [];
  for (const [path, after] of to) {
    if (!within(path)) continue;
    const before = from.get(path);
    if (!before) added.push(after);
    else {
      const changes = changesOf(before, after);
      if (changes.length > 0) changed.push({ path, before, after, changes });
    }
  }
  for (const [path, before] of from) if (within(path) && !to.has(path)) removed.push(before);
  const totals = { added: added.length, removed: removed.length, changed: changed.length };
  const cut = <T extends { path: string }>(list: T[]) => list.sort(byPath).slice(0, limit);
  return {
    added: cut(added),
    removed: cut(removed),
    changed: cut(changed),
    totals,
    truncated: totals.added > limit || totals.removed > limit || totals.changed > limit,
  };
}
