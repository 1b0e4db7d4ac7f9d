/**
 * A Harbor Scanner Adapter (API v1.1, goharbor/pluggable-scanner-spec) for tests: a real HTTP
 * server on a random port that does what an adapter such as Trivy's does, on a tiny scale. On
 * POST /api/v1/scan it pulls the image from the registry URL it was given, with the Authorization
 * it was given (manifest, then each layer), reads the packages the layers list in a dpkg status
 * file (var/lib/dpkg/status) and reports the vulnerabilities a fixed table knows for them.
 *
 * Every request Berth sends and every answer the adapter gives is checked against the schemas of
 * the spec (a copy of scanner-adapter-openapi-v1.1.yaml from goharbor/pluggable-scanner-spec,
 * api/spec/scanner-adapter-openapi-v1.1.yaml, kept beside this file); faults() lists what did
 * not conform. hold() keeps reports "not ready" (302 with Refresh-After) until release().
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'tar';
import { SpecSchemas } from './spec-schema.js';

const SPEC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scanner-adapter-openapi-v1.1.yaml');
// The compiled file runs from dist/: the YAML stays in the source tree.
const SPEC_PATH = SPEC.replace(`${path.sep}dist${path.sep}server${path.sep}`, `${path.sep}server${path.sep}`);

export const REPORT_MIME = 'application/vnd.security.vulnerability.report; version=1.1';
const MIME = {
  metadata: 'application/vnd.scanner.adapter.metadata+json; version=1.0',
  scanRequest: 'application/vnd.scanner.adapter.scan.request+json; version=1.0',
  scanResponse: 'application/vnd.scanner.adapter.scan.response+json; version=1.0',
  error: 'application/vnd.scanner.adapter.error+json; version=1.0',
};

/** The adapter's vulnerability database: package@version -> what it has. */
export const VULNERABILITY_DB: Record<string, { id: string; severity: string; fix_version?: string; description: string }[]> = {
  'openssl@3.0.11': [
    { id: 'CVE-2023-5678', severity: 'Medium', fix_version: '3.0.13', description: 'Excessive time spent in DH check / generation with large Q parameter value.' },
    { id: 'CVE-2024-0727', severity: 'High', fix_version: '3.0.13', description: 'PKCS12 Decoding crashes.' },
  ],
  'zlib@1.2.11': [{ id: 'CVE-2018-25032', severity: 'Critical', fix_version: '1.2.12', description: 'zlib before 1.2.12 allows memory corruption when deflating.' }],
  'bash@5.1': [{ id: 'CVE-2022-3715', severity: 'Low', description: 'A heap-buffer-overflow in valid_parameter_transform.' }],
};

export interface Exchange {
  operation: 'GetMetadata' | 'AcceptScanRequest' | 'GetScanReport';
  status: number;
  request?: unknown;
  headers: http.IncomingHttpHeaders;
}

interface Job {
  request: { registry: { url: string; authorization: string }; artifact: { repository: string; digest: string; tag?: string; mime_type: string } };
  report?: unknown;
  error?: string;
}

export class ScannerAdapter {
  readonly exchanges: Exchange[] = [];
  private readonly problems: string[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly schemas = new SpecSchemas(SPEC_PATH);
  private held = false;
  private next = 1;
  private server?: http.Server;
  url = '';

  constructor(private readonly auth: { header: string; value: string } | undefined = undefined) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        this.problems.push(`adapter failure: ${err.message}`);
        res.statusCode = 500;
        res.end();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Reports stay "not ready" until release(). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
  }

  /** Everything that did not follow the spec, in messages Berth sent or answers the adapter gave. */
  faults(): string[] {
    return [...this.problems];
  }

  /** How many scans have their report built (or failed), whether or not it is held back. */
  scansDone(): number {
    return [...this.jobs.values()].filter((j) => j.report !== undefined || j.error !== undefined).length;
  }

  scanRequests(): Job['request'][] {
    return this.exchanges.filter((e) => e.operation === 'AcceptScanRequest').map((e) => e.request as Job['request']);
  }

  private check(name: string, value: unknown, what: string): void {
    for (const fault of this.schemas.check(name, value)) this.problems.push(`${what}: ${fault}`);
  }

  private send(res: http.ServerResponse, status: number, type: string | undefined, body: unknown, schema?: string): void {
    if (schema) this.check(schema, body, `answer ${schema}`);
    res.statusCode = status;
    if (type) res.setHeader('Content-Type', type);
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const record = (operation: Exchange['operation'], request?: unknown) => this.exchanges.push({ operation, status: res.statusCode, request, headers: req.headers });
    if (this.auth && req.headers[this.auth.header.toLowerCase()] !== this.auth.value) {
      this.send(res, 401, MIME.error, { error: { message: 'unauthorized' } }, 'ErrorResponse');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/metadata') {
      record('GetMetadata');
      this.send(
        res,
        200,
        MIME.metadata,
        {
          scanner: { name: 'Tablescan', vendor: 'Berth tests', version: '1.0.0' },
          capabilities: [
            {
              consumes_mime_types: ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'],
              produces_mime_types: [REPORT_MIME],
            },
          ],
          properties: { 'harbor.scanner-adapter/scanner-type': 'os-package-vulnerability' },
        },
        'ScannerAdapterMetadata',
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/scan') {
      if (req.headers['content-type'] !== MIME.scanRequest) this.problems.push(`scan request content type ${req.headers['content-type']}`);
      let body: Job['request'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString()) as Job['request'];
      } catch {
        this.send(res, 400, MIME.error, { error: { message: 'not JSON' } }, 'ErrorResponse');
        return;
      }
      this.check('ScanRequest', body, 'request ScanRequest');
      record('AcceptScanRequest', body);
      if (!body.registry?.url || !body.registry.authorization || !body.artifact?.repository || !body.artifact.digest || !body.artifact.mime_type) {
        this.send(res, 422, MIME.error, { error: { message: 'registry.url, registry.authorization, artifact.repository, artifact.digest and artifact.mime_type are needed' } }, 'ErrorResponse');
        return;
      }
      const id = `scan-${this.next++}`;
      const job: Job = { request: body };
      this.jobs.set(id, job);
      this.scan(job).catch((err: Error) => (job.error = err.message));
      this.send(res, 202, MIME.scanResponse, { id }, 'ScanResponse');
      return;
    }
    const match = /^\/api\/v1\/scan\/([^/]+)\/report$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      record('GetScanReport');
      if (req.headers.accept !== REPORT_MIME) this.problems.push(`report asked with Accept ${req.headers.accept}`);
      const job = this.jobs.get(decodeURIComponent(match[1]!));
      if (!job) return this.send(res, 404, undefined, undefined);
      if (job.error) return this.send(res, 500, MIME.error, { error: { message: job.error } }, 'ErrorResponse');
      if (this.held || !job.report) {
        res.setHeader('Refresh-After', '1');
        return this.send(res, 302, undefined, undefined);
      }
      this.send(res, 200, REPORT_MIME, job.report, 'HarborVulnerabilityReport');
      return;
    }
    this.send(res, 404, MIME.error, { error: { message: `no ${req.method} ${url.pathname}` } }, 'ErrorResponse');
  }

  /** Pulls the manifest and the layers from the registry as the request says, and builds the report. */
  private async scan(job: Job): Promise<void> {
    const { registry, artifact } = job.request;
    const get = async (what: string, accept: string) => {
      const res = await fetch(`${registry.url}/v2/${artifact.repository}/${what}`, { headers: { authorization: registry.authorization, accept } });
      if (res.status !== 200) throw new Error(`GET ${what} answered ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    };
    const manifest = JSON.parse((await get(`manifests/${artifact.digest}`, artifact.mime_type)).toString()) as { layers: { digest: string }[] };
    const packages: { name: string; version: string }[] = [];
    for (const layer of manifest.layers) packages.push(...(await packagesIn(await get(`blobs/${layer.digest}`, '*/*'))));
    const vulnerabilities = packages.flatMap((p) =>
      (VULNERABILITY_DB[`${p.name}@${p.version}`] ?? []).map((v) => ({
        id: v.id,
        package: p.name,
        version: p.version,
        ...(v.fix_version ? { fix_version: v.fix_version } : {}),
        severity: v.severity,
        description: v.description,
        links: [`https://nvd.nist.gov/vuln/detail/${v.id}`],
      })),
    );
    const order = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'];
    const top = vulnerabilities.reduce((n, v) => Math.max(n, order.indexOf(v.severity)), 0);
    job.report = {
      generated_at: new Date().toISOString(),
      artifact,
      scanner: { name: 'Tablescan', vendor: 'Berth tests', version: '1.0.0' },
      severity: order[top],
      vulnerabilities,
    };
  }
}

/** The packages a gzipped layer's var/lib/dpkg/status lists (Package and Version stanzas). */
async function packagesIn(layer: Buffer): Promise<{ name: string; version: string }[]> {
  const found: { name: string; version: string }[] = [];
  const parser = new Parser({
    onReadEntry: (entry) => {
      if (entry.path.replace(/^\.?\//, '') !== 'var/lib/dpkg/status') return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        for (const stanza of Buffer.concat(chunks).toString().split(/\n\n+/)) {
          const name = /^Package: (.+)$/m.exec(stanza)?.[1];
          const version = /^Version: (.+)$/m.exec(stanza)?.[1];
          if (name && version) found.push({ name: name.trim(), version: version.trim() });
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(layer);
  });
  return found;
}
