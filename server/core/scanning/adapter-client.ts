/**
 * A client of the Harbor Scanner Adapter API v1.1 (goharbor/pluggable-scanner-spec): metadata,
 * scan requests and report polling, with the registration's authentication as Harbor sends it
 * (pkg/scan/rest/auth): Basic (base64 of the credential), Bearer, or the X-ScannerAdapter-API-Key
 * header. Failures become ScanAdapterError with a sentence that names the adapter's answer.
 */
import http from 'node:http';
import https from 'node:https';
import { VULNERABILITY_REPORT_MIME } from './severity.js';

export const MIME = {
  metadata: 'application/vnd.scanner.adapter.metadata+json; version=1.0',
  scanRequest: 'application/vnd.scanner.adapter.scan.request+json; version=1.0',
  scanResponse: 'application/vnd.scanner.adapter.scan.response+json; version=1.0',
  error: 'application/vnd.scanner.adapter.error+json; version=1.0',
} as const;

/** The image manifest types Harbor asks adapters to consume. */
export const IMAGE_MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];

export const AUTH_TYPES = ['', 'Basic', 'Bearer', 'X-ScannerAdapter-API-Key'] as const;

export interface AdapterEndpoint {
  url: string;
  auth: string;
  /** In clear (opened by the caller). */
  credential: string;
  skipCertVerify: boolean;
}

export interface AdapterMetadata {
  scanner: { name?: string; vendor?: string; version?: string };
  capabilities: { type?: string; consumes_mime_types: string[]; produces_mime_types: string[] }[];
  properties?: Record<string, string>;
}

export interface ScanRequest {
  registry: { url: string; authorization: string };
  artifact: { repository: string; digest: string; tag?: string; mime_type: string };
}

export type ReportPoll = { ready: true; report: unknown } | { ready: false; retryAfterSeconds: number };

export class ScanAdapterError extends Error {
  constructor(
    message: string,
    /** The adapter's HTTP status, 0 when it could not be reached. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'ScanAdapterError';
  }
}

const TIMEOUT_MS = 30_000;

function authHeaders(endpoint: AdapterEndpoint): Record<string, string> {
  if (!endpoint.auth || !endpoint.credential) return {};
  if (endpoint.auth === 'Basic') return { authorization: `Basic ${Buffer.from(endpoint.credential).toString('base64')}` };
  if (endpoint.auth === 'Bearer') return { authorization: `Bearer ${endpoint.credential}` };
  return { 'x-scanneradapter-api-key': endpoint.credential };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function exchange(endpoint: AdapterEndpoint, method: string, path: string, headers: Record<string, string>, body?: string, signal?: AbortSignal): Promise<Answer> {
  const url = new URL(`${endpoint.url.replace(/\/+$/, '')}/api/v1${path}`);
  const secure = url.protocol === 'https:';
  const all: Record<string, string> = { 'user-agent': 'berth-scan', ...authHeaders(endpoint), ...headers };
  if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { method, headers: all, timeout: TIMEOUT_MS, signal, ...(secure ? { rejectUnauthorized: !endpoint.skipCertVerify } : {}) });
    req.once('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.once('error', (err) => reject(signal?.aborted ? err : new ScanAdapterError(`The scanner adapter at ${endpoint.url} could not be reached: ${err.message}`, 0)));
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', reject);
    });
    req.end(body);
  });
}

function failure(endpoint: AdapterEndpoint, what: string, answer: Answer): ScanAdapterError {
  let said = '';
  try {
    said = (JSON.parse(answer.body) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    said = answer.body.slice(0, 200);
  }
  const auth = answer.status === 401 || answer.status === 403 ? ' (check the authentication and the credential)' : '';
  return new ScanAdapterError(`The scanner adapter at ${endpoint.url} answered ${what} with ${answer.status}${auth}${said ? `: ${said}` : ''}`, answer.status);
}

function json<T>(endpoint: AdapterEndpoint, what: string, answer: Answer): T {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    throw new ScanAdapterError(`The scanner adapter at ${endpoint.url} answered ${what} with a body that is not JSON`, answer.status);
  }
}

/** GET /api/v1/metadata: the scanner and what it can scan. */
export async function fetchMetadata(endpoint: AdapterEndpoint, signal?: AbortSignal): Promise<AdapterMetadata> {
  const answer = await exchange(endpoint, 'GET', '/metadata', { accept: MIME.metadata }, undefined, signal);
  if (answer.status !== 200) throw failure(endpoint, 'GET /api/v1/metadata', answer);
  const metadata = json<AdapterMetadata>(endpoint, 'GET /api/v1/metadata', answer);
  if (!metadata || typeof metadata !== 'object' || !metadata.scanner || !Array.isArray(metadata.capabilities)) {
    throw new ScanAdapterError(`The scanner adapter at ${endpoint.url} answered GET /api/v1/metadata without scanner and capabilities`, answer.status);
  }
  return metadata;
}

/** Whether the adapter scans image manifests into Harbor's vulnerability report. */
export function scansImages(metadata: AdapterMetadata): boolean {
  return metadata.capabilities.some(
    (c) => (c.type ?? 'vulnerability') === 'vulnerability' && c.consumes_mime_types?.some((m) => IMAGE_MANIFEST_TYPES.includes(m)) && c.produces_mime_types?.includes(VULNERABILITY_REPORT_MIME),
  );
}

/** POST /api/v1/scan: the adapter's scan request id. */
export async function requestScan(endpoint: AdapterEndpoint, request: ScanRequest, signal?: AbortSignal): Promise<string> {
  const answer = await exchange(endpoint, 'POST', '/scan', { 'content-type': MIME.scanRequest, accept: MIME.scanResponse }, JSON.stringify(request), signal);
  if (answer.status !== 202) throw failure(endpoint, 'POST /api/v1/scan', answer);
  const id = json<{ id?: unknown }>(endpoint, 'POST /api/v1/scan', answer).id;
  if (typeof id !== 'string' || !id) throw new ScanAdapterError(`The scanner adapter at ${endpoint.url} accepted the scan without an id`, answer.status);
  return id;
}

/** GET /api/v1/scan/{id}/report once: the report, or how long to wait (302 with Refresh-After). */
export async function pollReport(endpoint: AdapterEndpoint, scanRequestId: string, signal?: AbortSignal): Promise<ReportPoll> {
  const what = `GET /api/v1/scan/${scanRequestId}/report`;
  const answer = await exchange(endpoint, 'GET', `/scan/${encodeURIComponent(scanRequestId)}/report`, { accept: VULNERABILITY_REPORT_MIME }, undefined, signal);
  if (answer.status === 302) {
    const seconds = Number(answer.headers['refresh-after']);
    return { ready: false, retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 5 };
  }
  if (answer.status !== 200) throw failure(endpoint, what, answer);
  return { ready: true, report: json(endpoint, what, answer) };
}
