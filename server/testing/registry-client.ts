/**
 * A small registry client for HTTP-level tests: fetches a token for the scopes a request needs
 * (as docker does after a 401), then makes the request. Also pushes blobs and manifests, and
 * opens the test server's database to create users, projects and members.
 */
import { openDatabase, type DbHandle } from '../db/connect.js';
import type { Config } from '../config/load.js';
import { basic, type ServerProcess } from './server-process.js';
import type { Blob, Image } from './oci-images.js';

export interface Credentials {
  user: string;
  password: string;
}

export const ADMIN: Credentials = { user: 'admin', password: 'Harbor12345' };

export class RegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly url: string,
    readonly credentials?: Credentials,
  ) {}

  /** A token for `scopes` (cached per scope list). */
  async token(scopes: string[]): Promise<string> {
    const key = scopes.join(' ');
    const known = this.tokens.get(key);
    if (known) return known;
    const query = new URLSearchParams([['service', 'harbor-registry'], ...scopes.map((s): [string, string] => ['scope', s])]);
    const headers: Record<string, string> = this.credentials ? { authorization: basic(this.credentials.user, this.credentials.password) } : {};
    const res = await fetch(`${this.url}/service/token?${query.toString()}`, { headers });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    const token = ((await res.json()) as { token: string }).token;
    this.tokens.set(key, token);
    return token;
  }

  /** `fetch` on the registry with a bearer token for `scopes`. */
  async fetch(path: string, scopes: string[], init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await this.token(scopes)}`);
    return fetch(`${this.url}${path}`, { ...init, headers, redirect: 'manual' });
  }

  // Bodies go as Uint8Array copies: the browser tests type-check this file with the DOM's fetch, whose BodyInit takes no Buffer.

  /** Pushes a blob in one request (POST ?digest=). */
  async pushBlob(repository: string, blob: Blob): Promise<Response> {
    return this.fetch(`/v2/${repository}/blobs/uploads/?digest=${blob.digest}`, [pushScope(repository)], {
      method: 'POST',
      body: new Uint8Array(blob.bytes),
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  async pushManifest(repository: string, reference: string, manifest: Blob): Promise<Response> {
    return this.fetch(`/v2/${repository}/manifests/${reference}`, [pushScope(repository)], {
      method: 'PUT',
      body: new Uint8Array(manifest.bytes),
      headers: { 'content-type': manifest.mediaType },
    });
  }

  /** Pushes blobs then the manifest; throws unless every step succeeded. */
  async pushImage(repository: string, reference: string, blobs: Blob[], manifest: Blob): Promise<void> {
    for (const blob of blobs) {
      const res = await this.pushBlob(repository, blob);
      if (res.status !== 201) throw new Error(`blob push failed: ${res.status} ${await res.text()}`);
    }
    const res = await this.pushManifest(repository, reference, manifest);
    if (res.status !== 201) throw new Error(`manifest push failed: ${res.status} ${await res.text()}`);
  }

  /** Pushes each image by digest, then the index over them under `tag`. */
  async pushIndex(repository: string, tag: string, images: Image[], index: Blob): Promise<void> {
    for (const image of images) await this.pushImage(repository, image.manifest.digest, [image.config, ...image.layers], image.manifest);
    const res = await this.pushManifest(repository, tag, index);
    if (res.status !== 201) throw new Error(`index push failed: ${res.status} ${await res.text()}`);
  }

  /** GET (a pull) or HEAD of a manifest; the status tells whether it is there. */
  async manifestStatus(repository: string, reference: string, method: 'GET' | 'HEAD' = 'GET'): Promise<number> {
    const res = await this.fetch(`/v2/${repository}/manifests/${reference}`, [pullScope(repository)], { method });
    await res.arrayBuffer();
    return res.status;
  }
}

export const pullScope = (repository: string) => `repository:${repository}:pull`;
export const pushScope = (repository: string) => `repository:${repository}:pull,push`;

/** The OCI error code of a /v2 answer. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { errors?: { code: string }[] };
  return body.errors?.[0]?.code;
}

/** The test server's own database (SQLite in WAL mode, or the PostgreSQL URL it was given). */
export function serverDatabase(server: ServerProcess, postgresUrl?: string): DbHandle {
  const base = { port: 5432, username: 'postgres', db_name: 'registry', sslmode: 'disable', max_open_conns: 2 } as const;
  const settings: Config['database'] = postgresUrl
    ? { ...base, type: 'postgresql', url: postgresUrl, path: '' }
    : { ...base, type: 'sqlite', path: `${server.dataVolume}/database/berth.db` };
  return openDatabase(settings);
}
