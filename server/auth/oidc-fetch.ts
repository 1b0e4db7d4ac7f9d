/**
 * fetch for a provider whose certificate is not to be checked (oidc_verify_cert false): Node's
 * fetch cannot turn the check off per request, so this one speaks https itself.
 */
import https from 'node:https';

const insecureAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

export function insecureFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  if (typeof input !== 'string' && !(input instanceof URL)) return fetch(input, init);
  const url = new URL(input);
  if (url.protocol !== 'https:') return fetch(url, init);
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init?.method ?? 'GET', headers, agent: insecureAgent, signal: init?.signal ?? undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve(new Response(res.statusCode === 204 || res.statusCode === 304 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: out }));
      });
    });
    req.on('error', reject);
    req.end(typeof init?.body === 'string' || init?.body instanceof URLSearchParams ? String(init.body) : undefined);
  });
}
