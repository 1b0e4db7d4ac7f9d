/** How artifacts read in the console: short digests, platforms, types and pull commands. */
import type { Artifact, Platform } from '../../lib/api-types';

export { shortDigest } from '../../lib/format';

export const isDigest = (reference: string) => /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);

export const platformText = (p: Platform) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

export const isIndex = (a: Pick<Artifact, 'manifest_media_type'>) => /index|manifest\.list/.test(a.manifest_media_type);

/** An index's children's platforms, or an image's own from its config. */
export function platformsOf(a: Artifact): string[] {
  if (a.references.length > 0) return a.references.flatMap((r) => (r.platform ? [platformText(r.platform)] : []));
  const { os, architecture, variant } = a.extra_attrs as Record<string, unknown>;
  if (typeof os === 'string' && typeof architecture === 'string') {
    return [platformText({ os, architecture, variant: typeof variant === 'string' ? variant : undefined })];
  }
  return [];
}

/** The OCI artifactType when it says more than the config's media type does (images carry that). */
export const distinctArtifactType = (a: Pick<Artifact, 'artifact_type' | 'media_type'>) =>
  a.artifact_type && a.artifact_type !== a.media_type ? a.artifact_type : undefined;

/** `docker pull host/proj/repo:tag` or `...@sha256:...`; `fullName` includes the project. */
export const pullCommand = (host: string, fullName: string, reference: string) =>
  `docker pull ${host}/${fullName}${isDigest(reference) ? '@' : ':'}${reference}`;

const ACCESSORY_TYPES: Record<string, string> = {
  'signature.cosign': 'Cosign signature',
  'signature.notation': 'Notation signature',
  'harbor.sbom': 'SBOM',
  'subject.accessory': 'Referrer',
};

export const accessoryTypeText = (type: string) => ACCESSORY_TYPES[type] ?? type;

/** The value of one of an image config's fields (extra_attrs), when it is text. */
export const configText = (a: Artifact, key: string) => {
  const value = (a.extra_attrs as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/** OCI artifactTypes of SBOM documents that tools other than Harbor attach as referrers. */
const SBOM_ARTIFACT_TYPES = /spdx|cyclonedx|syft|sbom/i;

/** Whether an artifact carries a signature and an SBOM among its accessories (with_accessory=true). */
export function supplyChainOf(a: Pick<Artifact, 'accessories'>): { signed: boolean; sbom: boolean } {
  const accessories = a.accessories ?? [];
  return {
    signed: accessories.some((x) => x.type.startsWith('signature.')),
    sbom: accessories.some((x) => x.type === 'harbor.sbom' || SBOM_ARTIFACT_TYPES.test(x.artifact_type ?? '')),
  };
}

export interface HistoryStep {
  created_by?: string;
  created?: string;
  empty_layer?: boolean;
}

export interface BuildStep {
  step: string | null;
  /** The layer the step made; none for steps such as ENV or CMD that only change the config. */
  layer: { digest: string; size: number } | null;
}

/**
 * Every build step in order, each with the layer it made: history entries marked empty_layer
 * made none, the others pair with the manifest's layers in order (as Harbor's build history
 * reads them). Layers the history does not cover come last, without a step.
 */
export function buildSteps(history: HistoryStep[], layers: { digest: string; size: number }[]): BuildStep[] {
  const steps: BuildStep[] = [];
  let next = 0;
  for (const entry of history) {
    const layer = entry.empty_layer ? null : (layers[next++] ?? null);
    steps.push({ step: entry.created_by ?? null, layer: layer && { digest: layer.digest, size: layer.size } });
  }
  for (const layer of layers.slice(next)) steps.push({ step: null, layer: { digest: layer.digest, size: layer.size } });
  return steps;
}
