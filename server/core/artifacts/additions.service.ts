/**
 * An artifact's additions (needs artifact-addition:read), read from its manifest and its config
 * in the blob store:
 *
 * - build_history (Harbor's): the image config's `history`, the steps that built the image.
 * - layers (Berth's, for the console): the manifest's layers with the `created_by` step that made
 *   each. History entries marked empty_layer made no layer, so the others pair with the layers in
 *   order; a layer left without a step (a history shorter than the layers) has none.
 */
import { notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import type { Actor } from '../security/actor.js';
import { artifactFor } from './artifact-access.js';
import type { ArtifactRecord } from './artifact-list.repository.js';
import type { AdditionName, ArtifactListNames } from './artifact-views.js';
import { isImageConfig } from './artifact-metadata.js';
import { findManifest } from './artifact.repository.js';
import { parseManifest } from './manifest.js';

type Deps = Pick<CoreContext, 'db' | 'blobs'>;

/** Image configs with very long histories exist; anything larger than this is not read. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface LayerView {
  digest: string;
  size: number;
  mediaType: string;
  urls: string[] | undefined;
  annotations: Record<string, string> | undefined;
  /** The build step that made the layer, when the history says. */
  createdBy: string | null;
  created: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The image config (parsed), or null when it is missing, too large or not JSON. */
export async function imageConfigOf(deps: Deps, artifact: ArtifactRecord): Promise<unknown> {
  if (!artifact.configDigest || !isImageConfig(artifact.mediaType)) return null;
  const bytes = await deps.blobs.readSmall(artifact.configDigest, MAX_CONFIG_BYTES);
  try {
    return bytes && (JSON.parse(bytes.toString('utf8')) as unknown);
  } catch {
    return null;
  }
}

/** The config's history, keeping the fields Harbor shows; [] when the config has none or is unreadable. */
async function historyOf(deps: Deps, artifact: ArtifactRecord): Promise<HistoryEntry[]> {
  return historyInConfig(await imageConfigOf(deps, artifact));
}

/** A parsed image config's history, keeping the fields Harbor shows. */
export function historyInConfig(config: unknown): HistoryEntry[] {
  const history = (config as { history?: unknown } | null)?.history;
  if (!Array.isArray(history)) return [];
  return history
    .filter((h): h is Record<string, unknown> => typeof h === 'object' && h !== null)
    .map((h) => {
      const entry: HistoryEntry = { created: text(h.created), created_by: text(h.created_by), author: text(h.author), comment: text(h.comment) };
      if (h.empty_layer === true) entry.empty_layer = true;
      return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as HistoryEntry;
    });
}

async function offering(deps: Deps, actor: Actor, names: ArtifactListNames & { reference: string }, addition: AdditionName) {
  const { repository, artifact } = await artifactFor(deps.db, actor, names, 'artifact-addition', 'read');
  const offered = artifact.configDigest !== null && (addition === 'layers' || isImageConfig(artifact.mediaType));
  if (!offered) throw notFound(`${repository.name}@${artifact.digest} has no ${addition} (it is not a container image)`);
  return { repository, artifact };
}

/** GET …/additions/build_history. */
export async function buildHistoryAs(deps: Deps, actor: Actor, names: ArtifactListNames & { reference: string }): Promise<HistoryEntry[]> {
  const { artifact } = await offering(deps, actor, names, 'build_history');
  return historyOf(deps, artifact);
}

/** GET …/additions/layers. */
export async function layersAs(deps: Deps, actor: Actor, names: ArtifactListNames & { reference: string }): Promise<LayerView[]> {
  const { repository, artifact } = await offering(deps, actor, names, 'layers');
  const stored = await findManifest(deps.db, repository.name, artifact.digest);
  if (!stored) throw notFound(`artifact ${repository.name}@${artifact.digest} not found`);
  const manifest = parseManifest(stored.bytes, stored.mediaType);
  if (manifest.kind !== 'image') return [];
  const steps = (await historyOf(deps, artifact)).filter((h) => !h.empty_layer);
  return manifest.layers.map((layer, i) => ({
    digest: layer.digest,
    size: layer.size,
    mediaType: layer.mediaType,
    urls: layer.urls,
    annotations: layer.annotations,
    createdBy: steps[i]?.created_by ?? null,
    created: steps[i]?.created ?? null,
  }));
}
