/**
 * Copies one artifact between registries, whole and verified: an index's
 * children before the index, an image's blobs before its manifest (so the destination never
 * serves a manifest whose content it lacks), manifests addressed by digest and checked against
 * it, and, when asked, the artifact's accessories: OCI referrers (the API, or the referrers tag
 * `sha256-<hex>` where a registry lacks it) and cosign's `sha256-<hex>.sig/.att/.sbom` tags.
 */
import { isDigest, sha256Digest } from '../lib/digest.js';
import { copyBlob, DEFAULT_CHUNK_SIZE, type BlobCopy, type UploadSessions } from './blob-copy.js';
import { isRemoteError, RemoteError } from './remote-error.js';
import { bucketFor } from './speed-limit.js';
import type { Descriptor, RemoteManifest, RemoteRegistry } from './types.js';

export interface CopyRequest {
  source: RemoteRegistry;
  sourceRepository: string;
  /** A tag or a digest. */
  reference: string;
  destination: RemoteRegistry;
  destinationRepository: string;
  /** Defaults to the source tag; none when the reference is a digest (pushed by digest). */
  destinationTag?: string;
  /** false: a destination tag on another digest is left alone (logged). */
  override: boolean;
  withAccessories: boolean;
  /** KB/s; 0, -1 or undefined = unlimited. */
  speedLimitKBps?: number;
  signal: AbortSignal;
  log: (msg: string) => void;
  onBytes?: (n: number) => void;
  /** PATCH size for large blobs (default 32 MiB). */
  chunkSize?: number;
  /** Where upload sessions are kept for a retry to resume (see blob-copy.ts). */
  sessions?: UploadSessions;
}

export interface CopyResult {
  digest: string;
  bytes: number;
  blobsCopied: number;
  blobsSkipped: number;
  /** The destination already had it, or override was off and the tag points elsewhere. */
  skipped: boolean;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const COSIGN_SUFFIXES = ['.sig', '.att', '.sbom'];
/** Signatures of signatures of ...: deep enough for any real chain, bounded against loops. */
const MAX_ACCESSORY_DEPTH = 4;

interface ParsedManifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

class ArtifactCopy {
  readonly result: CopyResult;
  private readonly blobJob: BlobCopy;

  constructor(private readonly req: CopyRequest) {
    this.result = { digest: '', bytes: 0, blobsCopied: 0, blobsSkipped: 0, skipped: false };
    this.blobJob = {
      ...req,
      limiter: bucketFor(req.speedLimitKBps),
      chunkSize: req.chunkSize ?? DEFAULT_CHUNK_SIZE,
      onBytes: (n) => {
        this.result.bytes += n;
        req.onBytes?.(n);
      },
    };
  }

  async run(): Promise<CopyResult> {
    const { req } = this;
    const top = await req.source.getManifest(req.sourceRepository, req.reference, req.signal);
    this.result.digest = top.digest;
    const tag = req.destinationTag ?? (isDigest(req.reference) ? undefined : req.reference);
    const target = `${req.destinationRepository}:${tag ?? top.digest}`;
    const existing = await req.destination.headManifest(req.destinationRepository, tag ?? top.digest, req.signal);
    if (existing?.digest === top.digest) {
      req.log(`${target} already has ${top.digest}: nothing to copy`);
      this.result.skipped = true;
    } else if (existing && !req.override) {
      req.log(`${target} points at ${existing.digest}, not ${top.digest}, and override is off: left alone`);
      this.result.skipped = true;
      return this.result;
    } else {
      await this.copyTree(top, tag ?? top.digest);
      req.log(`copied ${req.sourceRepository}@${top.digest} to ${target} (${this.result.blobsCopied} blobs copied, ${this.result.blobsSkipped} already there)`);
    }
    if (req.withAccessories) await this.copyAccessories(top.digest, 1);
    return this.result;
  }

  /** Children and blobs first, then the manifest itself under `reference`. */
  private async copyTree(manifest: RemoteManifest, reference: string): Promise<void> {
    const { req } = this;
    const parsed = parse(manifest);
    if (INDEX_TYPES.has(manifest.mediaType) || Array.isArray(parsed.manifests)) {
      for (const child of parsed.manifests ?? []) {
        if (await req.destination.headManifest(req.destinationRepository, child.digest, req.signal)) continue;
        await this.copyTree(await this.sourceManifest(child.digest), child.digest);
      }
    } else {
      const blobs = [parsed.config, ...(parsed.layers ?? [])].filter((b): b is Descriptor => b !== undefined && !isForeign(b));
      for (const blob of blobs) {
        const outcome = await copyBlob(this.blobJob, blob);
        if (outcome.kind === 'copied') this.result.blobsCopied++;
        else this.result.blobsSkipped++;
      }
    }
    const { subjectHandled } = await req.destination.putManifest(req.destinationRepository, reference, manifest, req.signal);
    this.result.bytes += manifest.bytes.length;
    if (parsed.subject && !subjectHandled) await this.addToReferrersTag(parsed.subject.digest, manifest, parsed);
  }

  private sourceManifest(digest: string): Promise<RemoteManifest> {
    return this.req.source.getManifest(this.req.sourceRepository, digest, this.req.signal);
  }

  private async copyAccessories(subject: string, depth: number): Promise<void> {
    if (depth > MAX_ACCESSORY_DEPTH) return;
    const { req } = this;
    const referrers = (await req.source.listReferrers(req.sourceRepository, subject, req.signal)) ?? (await this.referrersTag(req.source, req.sourceRepository, subject));
    for (const referrer of referrers) {
      if (!(await req.destination.headManifest(req.destinationRepository, referrer.digest, req.signal))) {
        await this.copyTree(await this.sourceManifest(referrer.digest), referrer.digest);
        req.log(`accessory ${referrer.artifactType ?? referrer.mediaType} ${referrer.digest} copied`);
      }
      await this.copyAccessories(referrer.digest, depth + 1);
    }
    for (const suffix of COSIGN_SUFFIXES) {
      const tag = `${subject.replace(':', '-')}${suffix}`;
      const found = await req.source.headManifest(req.sourceRepository, tag, req.signal);
      if (!found) continue;
      const there = await req.destination.headManifest(req.destinationRepository, tag, req.signal);
      if (there?.digest === found.digest) continue;
      // cosign rewrites these tags as signatures are added: the source's is the whole set.
      await this.copyTree(await this.sourceManifest(found.digest), tag);
      req.log(`cosign ${tag} copied`);
      await this.copyAccessories(found.digest, depth + 1);
    }
  }

  /** The OCI 1.1 referrers tag schema: an index tagged `sha256-<hex>` lists the referrers. */
  private async referrersTag(registry: RemoteRegistry, repository: string, subject: string): Promise<Descriptor[]> {
    try {
      const index = await registry.getManifest(repository, subject.replace(':', '-'), this.req.signal);
      const parsed = parse(index);
      return (parsed.manifests ?? []).filter((d) => d.digest);
    } catch (err) {
      if (isRemoteError(err, 'not-found')) return [];
      throw err;
    }
  }

  /** A destination without the referrers API: keep its referrers tag up to date, as an OCI client must. */
  private async addToReferrersTag(subject: string, manifest: RemoteManifest, parsed: ParsedManifest): Promise<void> {
    const { req } = this;
    const listed = await this.referrersTag(req.destination, req.destinationRepository, subject);
    if (listed.some((d) => d.digest === manifest.digest)) return;
    const entry: Descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
    const artifactType = parsed.artifactType ?? parsed.config?.mediaType;
    if (artifactType) entry.artifactType = artifactType;
    if (parsed.annotations) entry.annotations = parsed.annotations;
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [...listed, entry] };
    const bytes = Buffer.from(JSON.stringify(index));
    await req.destination.putManifest(req.destinationRepository, subject.replace(':', '-'), { digest: sha256Digest(bytes), mediaType: index.mediaType, bytes }, req.signal);
  }
}

function parse(manifest: RemoteManifest): ParsedManifest {
  try {
    return JSON.parse(manifest.bytes.toString('utf8')) as ParsedManifest;
  } catch {
    throw new RemoteError('rejected', `the manifest ${manifest.digest} is not JSON`, { transient: false });
  }
}

/** Foreign (non-distributable) layers live at their `urls`, not in registries: never copied. */
const isForeign = (blob: Descriptor) => /nondistributable|foreign/.test(blob.mediaType) && (blob.urls?.length ?? 0) > 0;

export function copyArtifact(req: CopyRequest): Promise<CopyResult> {
  return new ArtifactCopy(req).run();
}

/** Deletion replication: the artifact a tag or digest names, gone at the destination (absent is fine). */
export async function deleteRemoteArtifact(dest: RemoteRegistry, repository: string, reference: string, signal: AbortSignal): Promise<void> {
  const digest = isDigest(reference) ? reference : (await dest.headManifest(repository, reference, signal))?.digest;
  if (!digest) return;
  await dest.deleteManifest(repository, digest, signal);
}
