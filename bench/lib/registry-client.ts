/**
 * The one client both registries are driven with: OCI Distribution over undici, with Docker
 * token authentication when the registry asks for it (Berth) and none when it does not (the
 * reference). Tokens are fetched once per repository scope and reused, as real clients do.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';

export interface Credentials {
  username: string;
  password: string;
}

export const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

type Body = Buffer | string | Readable;

export class RegistryClient {
  readonly pool: Pool;
  /**
   * undici closes the connection after every HEAD (nodejs/undici#258), which would measure
   * connection setup rather than the registry; HEADs go through Node's keep-alive agent, as
   * docker's Go client keeps them alive. Both registries are measured the same way.
   */
  private readonly headAgent: http.Agent;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly credentials?: Credentials,
    connections = 64,
  ) {
    this.pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
    this.headAgent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  /** HEAD over a kept-alive connection; resolves with the status. */
  head(repository: string, path: string, accept = MANIFEST_TYPE): Promise<number> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'HEAD', agent: this.headAgent, headers: this.headersFor(repository, { accept }) }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(200) : reject(new Error(`HEAD ${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Gets a bearer token for the repository's scope when the registry wants one. */
  async authorize(repository: string, actions = 'pull,push'): Promise<void> {
    const probe = await this.pool.request({ method: 'GET', path: '/v2/' });
    await probe.body.dump();
    const challenge = probe.headers['www-authenticate'];
    if (probe.statusCode !== 401 || typeof challenge !== 'string') return;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const url = new URL(params.realm!);
    url.searchParams.set('service', params.service ?? '');
    url.searchParams.set('scope', `repository:${repository}:${actions}`);
    const headers: Record<string, string> = {};
    if (this.credentials) {
      headers.authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    }
    // The realm names the external URL; reach it through the same loopback address.
    const res = await this.pool.request({ method: 'GET', path: `${url.pathname}${url.search}`, headers });
    const body = (await res.body.json()) as { token?: string };
    if (res.statusCode !== 200 || !body.token) throw new Error(`token request failed: ${res.statusCode}`);
    this.tokens.set(repository, body.token);
  }

  private headersFor(repository: string, extra: Record<string, string> = {}): Record<string, string> {
    const token = this.tokens.get(repository);
    return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
  }

  async request(
    repository: string,
    method: Dispatcher.HttpMethod,
    path: string,
    options: { headers?: Record<string, string>; body?: Body; expect?: number[] } = {},
  ): Promise<Dispatcher.ResponseData> {
    const res = await this.pool.request({ method, path, headers: this.headersFor(repository, options.headers), body: options.body });
    if (options.expect && !options.expect.includes(res.statusCode)) {
      const text = await res.body.text();
      throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
    }
    return res;
  }

  /** POST, one streamed PATCH, then PUT ?digest= : how docker pushes a layer. */
  async pushBlob(repository: string, body: Body, digest: string, size: number): Promise<void> {
    const start = await this.request(repository, 'POST', `/v2/${repository}/blobs/uploads/`, { expect: [202] });
    await start.body.dump();
    let location = String(start.headers.location);
    const patch = await this.request(repository, 'PATCH', this.pathOf(location), {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body,
      expect: [202],
    });
    await patch.body.dump();
    location = String(patch.headers.location);
    const sep = location.includes('?') ? '&' : '?';
    const put = await this.request(repository, 'PUT', `${this.pathOf(location)}${sep}digest=${encodeURIComponent(digest)}`, {
      headers: { 'content-length': '0' },
      expect: [201],
    });
    await put.body.dump();
  }

  async pushManifest(repository: string, reference: string, manifest: string, mediaType = MANIFEST_TYPE): Promise<void> {
    const res = await this.request(repository, 'PUT', `/v2/${repository}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body: manifest,
      expect: [201],
    });
    await res.body.dump();
  }

  /** Reads a whole response body and returns how many bytes it had. */
  async get(repository: string, path: string, method: 'GET' | 'HEAD' = 'GET', accept = MANIFEST_TYPE): Promise<number> {
    const res = await this.request(repository, method, path, { headers: { accept }, expect: [200] });
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    return bytes;
  }

  private pathOf(location: string): string {
    const url = new URL(location, this.base);
    return `${url.pathname}${url.search}`;
  }

  close(): Promise<void> {
    this.headAgent.destroy();
    return this.pool.close();
  }
}
