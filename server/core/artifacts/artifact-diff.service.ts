/**
 * GET …/artifacts/{reference}/diff?with=…: what changed from one image to another — run
 * settings (image-config-diff.ts), build history, layers added, removed and shared, and the
 * files, from the layers' listings (layers/listing-cache.ts) applied in order
 * (layers/file-view.ts). The path's artifact is the "from" side, `with` the "to" side.
 *
 * The file lists are cut at `limit` entries per kind, with the full counts; `path` narrows them
 * to a directory. When reading the layers takes longer than `wait`, the answer is how far the
 * reading got, and the same request asked again later finds the listings cached.
 */
import { LayerUnreadableError } from '../layers/layer-files.js';
import type { LayerFile } from '../layers/layer-listing.js';
import { diffViews, viewOf, type FileDiff } from '../layers/file-view.js';
import { listingsOf, type Listing } from '../layers/listing-cache.js';
import type { CoreContext } from '../context.js';
import type { Actor } from '../security/actor.js';
import { historyInConfig, type HistoryEntry } from './additions.service.js';
import { diffImageConfigs, type ConfigChange } from './image-config-diff.js';
import { parsePlatform, parseWith, resolveSide, type ArtifactNames, type DiffSide } from './diff-sides.js';

type Deps = Pick<CoreContext, 'db' | 'blobs'>;

export interface DiffRequest {
  with: string;
  platform?: string;
  path?: string;
  limit: number;
  /** Milliseconds to wait for layers to be read before answering with the progress. */
  waitMs: number;
}

export interface LayerSummary {
  digest: string;
  size: number;
  mediaType: string;
  createdBy: string | null;
}

export interface ArtifactDiff {
  from: DiffSide;
  to: DiffSide;
  config: ConfigChange[];
  /** Steps both histories start with, then each side's remaining steps. */
  history: { shared: number; from: HistoryEntry[]; to: HistoryEntry[] };
  layers: { added: LayerSummary[]; removed: LayerSummary[]; shared: LayerSummary[] };
  /** Null when a layer could not be read; `filesProblem` says which and why. */
  files: (FileDiff & { path: string; limit: number }) | null;
  filesProblem: string | null;
  listings: { read: number; cached: number };
}

export type DiffAnswer = { ready: true; diff: ArtifactDiff } | { ready: false; done: number; total: number };

const sameStep = (a: HistoryEntry, b: HistoryEntry) => a.created_by === b.created_by && Boolean(a.empty_layer) === Boolean(b.empty_layer);

function historyDiff(from: HistoryEntry[], to: HistoryEntry[]) {
  let shared = 0;
  while (shared < from.length && shared < to.length && sameStep(from[shared]!, to[shared]!)) shared++;
  return { shared, from: from.slice(shared), to: to.slice(shared) };
}

/** Each layer with the build step that made it (history steps that made no layer skipped). */
function summaries(side: DiffSide): LayerSummary[] {
  const steps = historyInConfig(side.config).filter((h) => !h.empty_layer);
  return side.layers.map((l, i) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType, createdBy: steps[i]?.created_by ?? null }));
}

function layerDiff(from: DiffSide, to: DiffSide) {
  const fromLayers = summaries(from);
  const toLayers = summaries(to);
  const inFrom = new Set(fromLayers.map((l) => l.digest));
  const inTo = new Set(toLayers.map((l) => l.digest));
  return {
    added: toLayers.filter((l) => !inFrom.has(l.digest)),
    removed: fromLayers.filter((l) => !inTo.has(l.digest)),
    shared: toLayers.filter((l) => inFrom.has(l.digest)),
  };
}

function normalisedPrefix(path: string | undefined): string {
  return (path ?? '').replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

function filesOf(from: DiffSide, to: DiffSide, listings: Map<string, Listing>, request: DiffRequest) {
  const layersOf = (side: DiffSide): LayerFile[][] | LayerUnreadableError => {
    const out: LayerFile[][] = [];
    for (const layer of side.layers) {
      const listing = listings.get(layer.digest)!;
      if (listing instanceof LayerUnreadableError) return listing;
      out.push(listing);
    }
    return out;
  };
  const before = layersOf(from);
  const after = layersOf(to);
  const problem = before instanceof LayerUnreadableError ? before : after instanceof LayerUnreadableError ? after : null;
  if (problem) return { files: null, filesProblem: problem.message };
  const path = normalisedPrefix(request.path);
  const diff = diffViews(viewOf(before as LayerFile[][]), viewOf(after as LayerFile[][]), path, request.limit);
  return { files: { ...diff, path, limit: request.limit }, filesProblem: null };
}

/** The diff from the artifact `names` to `request.with`, or how far reading their layers got. */
export async function diffArtifactsAs(deps: Deps, actor: Actor, names: ArtifactNames, request: DiffRequest): Promise<DiffAnswer> {
  const platform = parsePlatform(request.platform);
  const other = parseWith(request.with, { project: names.project, repository: names.repository });
  const from = await resolveSide(deps, actor, names, platform, 'reference');
  const to = await resolveSide(deps, actor, other, platform, 'with');
  const sameLayers = from.layers.map((l) => l.digest).join() === to.layers.map((l) => l.digest).join();
  // Identical layer lists show identical files: nothing to read.
  const layers = sameLayers ? [] : [...from.layers, ...to.layers];
  const answer = await listingsOf(deps, layers, request.waitMs);
  if (!answer.ready) return answer;
  const files = sameLayers
    ? { files: { ...diffViews(new Map(), new Map(), '', request.limit), path: normalisedPrefix(request.path), limit: request.limit }, filesProblem: null }
    : filesOf(from, to, answer.listings, request);
  return {
    ready: true,
    diff: {
      from,
      to,
      config: diffImageConfigs(from.config, to.config),
      history: historyDiff(historyInConfig(from.config), historyInConfig(to.config)),
      layers: layerDiff(from, to),
      ...files,
      listings: { read: answer.read, cached: answer.cached },
    },
  };
}
