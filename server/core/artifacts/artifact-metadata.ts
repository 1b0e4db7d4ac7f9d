/**
 * What Harbor shows about an artifact beyond its manifest: its type (IMAGE, CHART, ...) and the
 * `extra_attrs` read from its config (architecture, os, created, author, the run config; a chart's
 * metadata). Harbor resolves both from the config's media type.
 */
import { jsonNestsDeeperThan } from '../../lib/json-depth.js';
import type { ParsedManifest } from './manifest.js';

const IMAGE_CONFIGS = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const CHART_CONFIG = 'application/vnd.cncf.helm.config.v1+json';

const TYPE_BY_MEDIA_TYPE: Record<string, string> = {
  'application/vnd.oci.image.config.v1+json': 'IMAGE',
  'application/vnd.docker.container.image.v1+json': 'IMAGE',
  [CHART_CONFIG]: 'CHART',
  'application/vnd.cnab.manifest.v1': 'CNAB',
  'application/vnd.wasm.config.v1+json': 'WASM',
  'application/vnd.goharbor.harbor.sbom.v1': 'SBOM',
  'application/vnd.cnai.model.config.v1+json': 'CNAI',
};

/** Configs worth reading for extra_attrs are small; anything bigger is not looked into. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function artifactKind(manifest: ParsedManifest): string {
  if (manifest.kind === 'index') return manifest.annotations['io.cnab.manifest.type'] ? 'CNAB' : 'IMAGE';
  return TYPE_BY_MEDIA_TYPE[manifest.artifactType ?? ''] ?? TYPE_BY_MEDIA_TYPE[manifest.config.mediaType] ?? 'UNKNOWN';
}

/** Harbor's media_type: the config's media type, or the index's own. */
export function harborMediaType(manifest: ParsedManifest): string {
  return manifest.kind === 'image' ? manifest.config.mediaType : manifest.mediaType;
}

/** Whether a config of this media type is a container image's (with history and rootfs). */
export const isImageConfig = (mediaType: string) => IMAGE_CONFIGS.has(mediaType);

/** Whether the config is worth reading for extra attributes. */
export function wantsConfig(manifest: ParsedManifest): boolean {
  return manifest.kind === 'image' && (IMAGE_CONFIGS.has(manifest.config.mediaType) || manifest.config.mediaType === CHART_CONFIG);
}

const pick = (source: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));

/** extra_attrs from the config's bytes; {} when they are not a JSON object. */
export function extraAttributes(manifest: ParsedManifest, config: Buffer | null): Record<string, unknown> {
  // A chart's config is kept whole, so it must not nest deeper than a stored value may.
  if (!config || manifest.kind !== 'image' || jsonNestsDeeperThan(config)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.toString('utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const body = parsed as Record<string, unknown>;
  if (manifest.config.mediaType === CHART_CONFIG) return body;
  return pick(body, ['architecture', 'os', 'variant', 'created', 'author', 'config']);
}
