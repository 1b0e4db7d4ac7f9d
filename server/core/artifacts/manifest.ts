/**
 * Reading a pushed manifest: which kind it is, the descriptors it names, its subject. Accepts
 * OCI image manifests and indexes and their Docker schema 2 equivalents; the bytes themselves
 * are kept exactly as sent, this only looks inside them.
 */
import { z } from 'zod';
import { isDigest } from '../../lib/digest.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../lib/json-depth.js';
import { manifestInvalid } from '../registry/registry-errors.js';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const IMAGE_TYPES = new Set<string>([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const SCHEMA1 = /^application\/vnd\.docker\.distribution\.manifest\.v1\+(prettyjws|json)$/;

/** Spec: registries SHOULD accept manifests of at least 4 MB; larger ones get 413. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const descriptor = z.looseObject({
  mediaType: z.string().min(1),
  digest: z.string().refine(isDigest, { error: 'not a digest' }),
  size: z.int().min(0),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  artifactType: z.string().optional(),
  platform: z
    .looseObject({
      architecture: z.string(),
      os: z.string(),
      variant: z.string().optional(),
      'os.version': z.string().optional(),
      'os.features': z.array(z.string()).optional(),
    })
    .optional(),
});
export type Descriptor = z.infer<typeof descriptor>;

const common = {
  schemaVersion: z.literal(2),
  artifactType: z.string().optional(),
  subject: descriptor.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
};
/**
 * Far above any real image (Docker stops at 127 layers) and below what one SQL statement may
 * carry when the descriptors are recorded (SQLite allows 32,766 parameters).
 */
export const MAX_DESCRIPTORS = 5000;
const descriptors = (what: string) => z.array(descriptor).max(MAX_DESCRIPTORS, { error: `a manifest may name at most ${MAX_DESCRIPTORS} ${what}` });
const imageSchema = z.looseObject({ ...common, config: descriptor, layers: descriptors('layers') });
const indexSchema = z.looseObject({ ...common, manifests: descriptors('manifests') });

interface ManifestBase {
  /** The media type the manifest is served with. */
  mediaType: string;
  subject: Descriptor | undefined;
  artifactType: string | undefined;
  annotations: Record<string, string>;
}
export type ParsedManifest =
  | (ManifestBase & { kind: 'image'; config: Descriptor; layers: Descriptor[] })
  | (ManifestBase & { kind: 'index'; manifests: Descriptor[] });

function mediaTypeOf(body: Record<string, unknown>, contentType: string | undefined): string {
  const declared = typeof body.mediaType === 'string' ? body.mediaType : undefined;
  const sent = contentType?.split(';')[0]!.trim();
  const sentKnown = sent && (IMAGE_TYPES.has(sent) || INDEX_TYPES.has(sent) || SCHEMA1.test(sent)) ? sent : undefined;
  // Spec, "Pushing Manifests": a manifest's mediaType field and the Content-Type must agree.
  if (declared && sentKnown && declared !== sentKnown) {
    throw manifestInvalid(`mediaType ${declared} does not match Content-Type ${sentKnown}`);
  }
  const type = declared ?? sentKnown ?? (Array.isArray(body.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
  if (SCHEMA1.test(type)) throw manifestInvalid('Docker schema 1 manifests are not supported; push schema 2 or OCI');
  if (!IMAGE_TYPES.has(type) && !INDEX_TYPES.has(type)) throw manifestInvalid(`unsupported manifest media type ${type}`);
  return type;
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'manifest'}: ${issue.message}`;
}

export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  // Before parsing: a deeply nested text would become a huge object graph for nothing.
  if (jsonNestsDeeperThan(bytes)) throw manifestInvalid(`the manifest nests deeper than ${MAX_JSON_DEPTH} levels`);
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw manifestInvalid('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw manifestInvalid('the body is not a JSON object');
  const mediaType = mediaTypeOf(body as Record<string, unknown>, contentType);
  if (INDEX_TYPES.has(mediaType)) {
    const parsed = indexSchema.safeParse(body);
    if (!parsed.success) throw manifestInvalid(problemOf(parsed.error));
    const { manifests, subject, artifactType, annotations } = parsed.data;
    return { kind: 'index', mediaType, manifests, subject, artifactType, annotations: annotations ?? {} };
  }
  const parsed = imageSchema.safeParse(body);
  if (!parsed.success) throw manifestInvalid(problemOf(parsed.error));
  const { config, layers, subject, artifactType, annotations } = parsed.data;
  return { kind: 'image', mediaType, config, layers, subject, artifactType, annotations: annotations ?? {} };
}

/**
 * The artifactType the referrers API reports (spec, "Listing Referrers"): the manifest's own,
 * else its config's media type; an index without one has none.
 */
export function referrerArtifactType(manifest: ParsedManifest): string | null {
  if (manifest.artifactType) return manifest.artifactType;
  return manifest.kind === 'image' ? manifest.config.mediaType : null;
}

const COSIGN_SIGNATURE_TAG = /^sha256-([a-f0-9]{64})\.sig$/;
const COSIGN_SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_TYPE = 'application/vnd.dev.cosign.artifact.sig.v1+json';

/**
 * The artifact a cosign signature in its tag-based form signs: the manifest carries no subject,
 * but its tag is sha256-<hex>.sig and its layers are simple-signing payloads (cosign's default
 * before OCI 1.1). Harbor records these as a cosign signature of sha256:<hex>; so does Berth.
 */
export function cosignTagSubject(manifest: ParsedManifest, tag: string | undefined): string | undefined {
  const match = tag === undefined ? null : COSIGN_SIGNATURE_TAG.exec(tag);
  if (!match || manifest.subject || manifest.kind !== 'image') return undefined;
  return manifest.layers.some((layer) => layer.mediaType === COSIGN_SIMPLE_SIGNING) ? `sha256:${match[1]}` : undefined;
}

/** Blobs a manifest needs in the repository: config and layers, except foreign layers (with urls). */
export function requiredBlobs(manifest: ParsedManifest): Descriptor[] {
  if (manifest.kind !== 'image') return [];
  return [manifest.config, ...manifest.layers.filter((layer) => !layer.urls?.length)];
}
