/**
 * One POST to a webhook receiver: Harbor's webhook job (jobservice/job/impl/notification).
 * Uses node:http(s) directly so skip_cert_verify can turn certificate checks off for that one
 * request only. Answers the receiver's status code and the time it took; never throws for an
 * answer, only says what went wrong.
 */
import http from 'node:http';
import https from 'node:https';

export interface SendRequest {
  address: string;
  contentType: string;
  body: string;
  /** The Authorization header's value, when the target has one. */
  authHeader?: string;
  skipCertVerify: boolean;
  timeoutMs: number;
}

export interface SendResult {
  /** 0 when no answer came. */
  statusCode: number;
  durationMs: number;
  /** Why there was no answer, or the start of a non-2xx answer's body. */
  error?: string;
}

const BODY_EXCERPT = 512;

export function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(req.address);
    } catch {
      resolve({ statusCode: 0, durationMs: 0, error: `the address ${req.address} is not a URL` });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      'Content-Type': req.contentType,
      'Content-Length': String(Buffer.byteLength(req.body)),
      'User-Agent': 'Berth-Webhook',
    };
    if (req.authHeader) headers.Authorization = req.authHeader;
    const request = client.request(
      url,
      { method: 'POST', headers, timeout: req.timeoutMs, ...(url.protocol === 'https:' ? { rejectUnauthorized: !req.skipCertVerify } : {}) },
      (res) => {
        let excerpt = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (excerpt.length < BODY_EXCERPT) excerpt += chunk.slice(0, BODY_EXCERPT - excerpt.length);
        });
        res.on('end', () => {
          const statusCode = res.statusCode ?? 0;
          const ok = statusCode >= 200 && statusCode < 300;
          resolve({ statusCode, durationMs: elapsed(), ...(ok ? {} : { error: `the receiver answered ${statusCode}${excerpt ? `: ${excerpt.trim()}` : ''}` }) });
        });
        res.on('error', (err) => resolve({ statusCode: res.statusCode ?? 0, durationMs: elapsed(), error: err.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${Math.round(req.timeoutMs / 1000)} s`)));
    request.on('error', (err) => resolve({ statusCode: 0, durationMs: elapsed(), error: err.message }));
    request.end(req.body);
  });
}

export const succeeded = (result: SendResult) => result.statusCode >= 200 && result.statusCode < 300;
