/**
 * The OCI Distribution calls on another registry (/v2): manifests, blobs, uploads, mounts,
 * referrers, tags and the ping. Shared by every registry type; the listing differs per type
 * (see open-remote.ts).
 */
import type { Readable } from 'node:stream';
import { sha256Digest } from '../lib/digest.js';
import { RemoteAuth } from './auth.js';
import { discard, header, sharedTransport, type HttpTransport, readBody, type HttpResponse } from './http.js';
import { parseRetryAfter, RemoteError } from './remote-error.js';
import type { Descriptor, OpenRemoteOptions, RegistryEndpoint, RemoteBlob, RemoteManifest, UploadSession } from './types.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const pull = (repository: string) => [`repository:${repository}:pull`];
const push = (repository: string) => [`repository:${repository}:pull,push`];
const remove = (repository: string) => [`repository:${repository}:delete`];

/** A non-success answer as a RemoteError, with the registry's own message when it sent one. */
export async function failure(res: HttpResponse, what: string): Promise<RemoteError> {
  let detail = '';
  try {
    const text = (await readBody(res, 64 * 1024)).toString('utf8');
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    detail = (parsed.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  } catch {
    // Not an error body we can read; the status says enough.
  }
  const message = `${what}: ${res.status}${detail ? ` ${detail}` : ''}`;
  const status = res.status;
  if (status === 401) return new RemoteError('unauthorized', message, { status });
  if (status === 403) return new RemoteError('forbidden', message, { status });
  if (status === 404) return new RemoteError('not-found', message, { status });
  if (status === 429) return new RemoteError('rate-limited', message, { status, retryAfterMs: parseRetryAfter(header(res, 'retry-after')) });
  if (status >= 500) return new RemoteError('server', message, { status, retryAfterMs: parseRetryAfter(header(res, 'retry-after')) });
  return new RemoteError('rejected', message, { status });
}

export class V2Client {
  readonly base: string;
  readonly transport: HttpTransport;
  readonly auth: RemoteAuth;

  constructor(endpoint: RegistryEndpoint, options: OpenRemoteOptions = {}) {
    this.base = endpoint.url.replace(/\/+$/, '');
    this.transport = sharedTransport(endpoint.insecure, endpoint.caCertificate);
    this.auth = new RemoteAuth(this.transport, endpoint.credential, options.tokenMinter);
  }

  private url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Upload Locations may be relative (Harbor, Distribution behind proxies). */
  private resolve(location: string, against: string): string {
    return new URL(location, against).toString();
  }

  /** GET /v2/: a registry answers 200 (or 401 until authenticated) with Docker-Distribution-API-Version, or JSON per OCI. */
  async ping(): Promise<void> {
    const res = await this.auth.send({ method: 'GET', url: this.url('/v2/'), scopes: [] });
    const body = (await readBody(res, 1024 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
    const apiVersion = header(res, 'docker-distribution-api-version');
    const json = (header(res, 'content-type') ?? '').includes('json');
    if (res.status === 200 && (apiVersion || (json && isJson(body)))) return;
    if (res.status === 401) throw new RemoteError('unauthorized', 'wrong credentials: the registry refused them', { status: 401 });
    if (res.status === 403) throw new RemoteError('forbidden', 'the registry refused access to /v2/', { status: 403 });
    if (res.status >= 500) throw new RemoteError('server', `the registry answered ${res.status} on /v2/`, { status: res.status });
    throw new RemoteError('not-a-registry', `not a registry: ${this.base}/v2/ answered ${res.status} without the registry API`, { status: res.status });
  }

  async listTags(repository: string, signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = this.url(`/v2/${repository}/tags/list?n=1000`);
    while (next) {
      const res = await this.auth.send({ method: 'GET', url: next, scopes: pull(repository), signal });
      if (res.status !== 200) throw await failure(res, `listing the tags of ${repository}`);
      const body = JSON.parse((await readBody(res)).toString('utf8')) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      next = nextLink(res);
    }
    return tags;
  }

  /** /v2/_catalog with Link paging (Distribution). */
  async catalog(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    let next: string | undefined = this.url('/v2/_catalog?n=1000');
    while (next) {
      const res = await this.auth.send({ method: 'GET', url: next, scopes: ['registry:catalog:*'], signal });
      if (res.status !== 200) throw await failure(res, 'listing the catalog');
      const body = JSON.parse((await readBody(res)).toString('utf8')) as { repositories?: string[] | null };
      names.push(...(body.repositories ?? []));
      next = nextLink(res);
    }
    return names;
  }

  async headManifest(repository: string, reference: string, signal?: AbortSignal) {
    const res = await this.auth.send({ method: 'HEAD', url: this.url(`/v2/${repository}/manifests/${reference}`), headers: { accept: MANIFEST_TYPES }, scopes: pull(repository), signal });
    discard(res);
    if (res.status === 404) return null;
    if (res.status !== 200) throw await failure(res, `checking the manifest ${repository}:${reference}`);
    const digest = header(res, 'docker-content-digest');
    if (!digest) {
      // Some registries omit the header on HEAD: read the manifest to know its digest.
      const manifest = await this.getManifest(repository, reference, signal);
      return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
    }
    return { digest, mediaType: header(res, 'content-type') ?? '', size: Number(header(res, 'content-length') ?? 0) };
  }

  async getManifest(repository: string, reference: string, signal?: AbortSignal): Promise<RemoteManifest> {
    const res = await this.auth.send({ method: 'GET', url: this.url(`/v2/${repository}/manifests/${reference}`), headers: { accept: MANIFEST_TYPES }, scopes: pull(repository), signal });
    if (res.status !== 200) throw await failure(res, `reading the manifest ${repository}:${reference}`);
    const bytes = await readBody(res);
    const digest = sha256Digest(bytes);
    if (reference.includes(':') && reference !== digest) {
      throw new RemoteError('digest-mismatch', `the manifest ${repository}@${reference} read from ${this.base} hashes to ${digest}`, { transient: false });
    }
    const declared = (header(res, 'content-type') ?? '').split(';')[0]!.trim();
    return { digest, bytes, mediaType: mediaTypeOf(bytes) ?? declared };
  }

  async putManifest(repository: string, reference: string, manifest: RemoteManifest, signal?: AbortSignal) {
    const res = await this.auth.send({
      method: 'PUT',
      url: this.url(`/v2/${repository}/manifests/${reference}`),
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      scopes: push(repository),
      signal,
    });
    if (res.status !== 201 && res.status !== 200 && res.status !== 202) throw await failure(res, `pushing the manifest ${repository}:${reference}`);
    discard(res);
    return { subjectHandled: header(res, 'oci-subject') !== undefined };
  }

  async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const res = await this.auth.send({ method: 'DELETE', url: this.url(`/v2/${repository}/manifests/${digest}`), scopes: remove(repository), signal });
    if (res.status === 404) return discard(res);
    if (res.status !== 202 && res.status !== 200 && res.status !== 204) throw await failure(res, `deleting ${repository}@${digest}`);
    discard(res);
  }

  async listReferrers(repository: string, digest: string, signal?: AbortSignal): Promise<Descriptor[] | null> {
    const res = await this.auth.send({ method: 'GET', url: this.url(`/v2/${repository}/referrers/${digest}`), headers: { accept: 'application/vnd.oci.image.index.v1+json' }, scopes: pull(repository), signal });
    const type = header(res, 'content-type') ?? '';
    if (res.status !== 200 || !type.includes('application/vnd.oci.image.index.v1+json')) {
      // 404 or an HTML page: no referrers API here (OCI 1.1 "referrers tag schema" applies).
      discard(res);
      if (res.status >= 500) throw await failure(res, `listing the referrers of ${repository}@${digest}`);
      return null;
    }
    const index = JSON.parse((await readBody(res)).toString('utf8')) as { manifests?: Descriptor[] };
    return index.manifests ?? [];
  }

  async headBlob(repository: string, digest: string, signal?: AbortSignal): Promise<number | null> {
    const res = await this.auth.send({ method: 'HEAD', url: this.url(`/v2/${repository}/blobs/${digest}`), scopes: pull(repository), signal });
    discard(res);
    if (res.status === 404) return null;
    if (res.status === 307 || res.status === 302) return Number(header(res, 'content-length') ?? -1);
    if (res.status !== 200) throw await failure(res, `checking the blob ${repository}@${digest}`);
    return Number(header(res, 'content-length') ?? -1);
  }

  async getBlob(repository: string, digest: string, signal?: AbortSignal): Promise<RemoteBlob> {
    let res = await this.auth.send({ method: 'GET', url: this.url(`/v2/${repository}/blobs/${digest}`), scopes: pull(repository), signal });
    // Registries on object storage redirect blob reads; the storage URL carries its own signature.
    for (let hops = 0; [301, 302, 303, 307, 308].includes(res.status) && hops < 5; hops++) {
      discard(res);
      res = await this.transport.send({ method: 'GET', url: this.resolve(header(res, 'location') ?? '', res.url), signal });
    }
    if (res.status !== 200) throw await failure(res, `reading the blob ${repository}@${digest}`);
    return { size: Number(header(res, 'content-length') ?? -1), stream: res.body };
  }

  async mountBlob(repository: string, digest: string, from: string, signal?: AbortSignal): Promise<true | UploadSession> {
    const url = this.url(`/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`);
    const res = await this.auth.send({ method: 'POST', url, scopes: [...push(repository), ...pull(from)], signal });
    discard(res);
    if (res.status === 201) return true;
    if (res.status === 202) return { location: this.resolve(header(res, 'location') ?? '', url), offset: 0 };
    throw await failure(res, `mounting ${digest} from ${from} into ${repository}`);
  }

  async startUpload(repository: string, signal?: AbortSignal): Promise<UploadSession> {
    const url = this.url(`/v2/${repository}/blobs/uploads/`);
    const res = await this.auth.send({ method: 'POST', url, scopes: push(repository), signal });
    discard(res);
    if (res.status !== 202) throw await failure(res, `starting an upload to ${repository}`);
    return { location: this.resolve(header(res, 'location') ?? '', url), offset: 0 };
  }

  async uploadStatus(repository: string, session: UploadSession, signal?: AbortSignal): Promise<UploadSession | null> {
    const res = await this.auth.send({ method: 'GET', url: session.location, scopes: push(repository), signal });
    discard(res);
    if (res.status !== 204 && res.status !== 200) return null;
    return { location: this.resolve(header(res, 'location') ?? session.location, session.location), offset: rangeEnd(header(res, 'range')) };
  }

  async patchUpload(repository: string, session: UploadSession, body: Readable, length: number, signal?: AbortSignal): Promise<UploadSession> {
    const res = await this.auth.send({
      method: 'PATCH',
      url: session.location,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(length),
        'content-range': `${session.offset}-${session.offset + length - 1}`,
      },
      body,
      scopes: push(repository),
      signal,
    });
    if (res.status !== 202 && res.status !== 204) throw await failure(res, `uploading to ${repository}`);
    discard(res);
    return { location: this.resolve(header(res, 'location') ?? session.location, session.location), offset: session.offset + length };
  }

  async finishUpload(repository: string, session: UploadSession, digest: string, signal?: AbortSignal): Promise<void> {
    const url = new URL(session.location);
    url.searchParams.set('digest', digest);
    const res = await this.auth.send({ method: 'PUT', url: url.toString(), body: Buffer.alloc(0), scopes: push(repository), signal });
    if (res.status !== 201 && res.status !== 204) throw await failure(res, `finishing the upload of ${digest} to ${repository}`);
    discard(res);
  }

  async cancelUpload(repository: string, session: UploadSession): Promise<void> {
    try {
      const res = await this.auth.send({ method: 'DELETE', url: session.location, scopes: push(repository) });
      discard(res);
    } catch {
      // Best effort: the destination purges abandoned uploads on its own.
    }
  }
}

/** `Range: 0-1023` (Distribution) -> 1024 bytes held. */
function rangeEnd(range: string | undefined): number {
  const match = /(\d+)-(\d+)/.exec(range ?? '');
  return match ? Number(match[2]) + 1 : 0;
}

function nextLink(res: HttpResponse): string | undefined {
  const link = header(res, 'link');
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return match ? new URL(match[1]!, res.url).toString() : undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The manifest's own mediaType field, which wins over a registry's Content-Type. */
function mediaTypeOf(bytes: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown; manifests?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
    return undefined;
  } catch {
    return undefined;
  }
}
