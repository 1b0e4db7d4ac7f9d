/**
 * One HTTP exchange with another registry over node:http/https, streaming both ways: bodies
 * are Buffers or Readables sent as they come, responses are handed over unread. Socket
 * failures become RemoteError (unreachable, tls), an aborted signal RemoteError 'aborted'.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connectionError, RemoteError } from './remote-error.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  url: string;
  body: IncomingMessage;
}

/** Keep-alive agents per registry handle; `insecure` turns certificate checks off for that handle only. */
export class HttpTransport {
  // No cap on sockets per host: a copy holds a paused source GET while its PATCH needs another
  // socket, and with a cap, enough parallel copies on one host would wait on each other forever.
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxFreeSockets: 32 });
  private readonly httpsAgent: https.Agent;

  constructor(insecure: boolean, caCertificate?: string) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxFreeSockets: 32, rejectUnauthorized: !insecure, ...(caCertificate ? { ca: caCertificate } : {}) });
  }

  send(req: HttpRequest): Promise<HttpResponse> {
    const { signal } = req;
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { 'user-agent': 'berth-replication', ...req.headers };
    if (Buffer.isBuffer(req.body)) headers['content-length'] = String(req.body.length);
    else if (!req.body && !['GET', 'HEAD', 'DELETE'].includes(req.method)) headers['content-length'] = '0';
    return new Promise<HttpResponse>((resolve, reject) => {
      const outgoing = (secure ? https : http).request(url, { method: req.method, headers, agent: secure ? this.httpsAgent : this.httpAgent, signal });
      outgoing.once('response', (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res }));
      outgoing.once('error', (err: NodeJS.ErrnoException) => {
        if (signal?.aborted) reject(abortedError(signal));
        else reject(connectionError(err, req.url));
      });
      if (req.body instanceof Readable) {
        pipeline(req.body, outgoing).catch((err: NodeJS.ErrnoException) => {
          outgoing.destroy(err);
          reject(signal?.aborted ? abortedError(signal) : err instanceof RemoteError ? err : connectionError(err, req.url));
        });
      } else {
        outgoing.end(req.body);
      }
    });
  }

}

/**
 * One transport per TLS setting, shared by every handle: replication opens two registries per
 * task, and a fresh keep-alive pool each time would leave hundreds of idle sockets behind.
 */
const transports = new Map<string, HttpTransport>();

export function sharedTransport(insecure: boolean, caCertificate?: string): HttpTransport {
  const key = `${insecure ? 1 : 0}|${caCertificate ?? ''}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = new HttpTransport(insecure, caCertificate);
    transports.set(key, transport);
  }
  return transport;
}

export function abortedError(signal: AbortSignal): RemoteError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'stopped';
  return new RemoteError('aborted', `aborted: ${why}`, { transient: false });
}

/** Reads a response body whole (manifests, JSON, error bodies), up to `limit` bytes. */
export async function readBody(res: HttpResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.body.destroy();
      throw new RemoteError('rejected', `the response from ${res.url} is larger than ${limit} bytes`, { status: res.status });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Drops a response body so its socket returns to the pool. */
export function discard(res: HttpResponse): void {
  res.body.resume();
}

export const header = (res: HttpResponse, name: string): string | undefined => {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
