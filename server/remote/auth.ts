/**
 * Authentication towards another registry, learnt from its challenges: none, Basic, or Docker
 * token auth (distribution docs/spec/auth/token.md) with whatever realm, service and scope the
 * `WWW-Authenticate: Bearer` challenge names. Tokens are cached per scope set until shortly
 * before they expire, so a copy asks the token service once per repository, not per request.
 */
import { HttpTransport, header, readBody, discard, type HttpRequest, type HttpResponse } from './http.js';
import { RemoteError } from './remote-error.js';
import type { RegistryEndpoint, TokenMinter } from './types.js';

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="...",service="...",scope="a b"` (RFC 9110 §11.6.1 auth-params, quoted or not). */
export function parseChallenge(value: string | undefined): Challenge | null {
  if (!value) return null;
  const space = value.indexOf(' ');
  const scheme = (space < 0 ? value : value.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const match of (space < 0 ? '' : value.slice(space + 1)).matchAll(pattern)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return { scheme, params };
}

/** How long a token is trusted: its lifetime less a margin, so a long upload never starts on a dying token. */
const TOKEN_MARGIN_MS = 20_000;
const DEFAULT_TOKEN_LIFETIME_S = 60;

export interface AuthRequest extends HttpRequest {
  /** The token scopes this request needs, e.g. `repository:library/nginx:pull`. */
  scopes: string[];
}

export class RemoteAuth {
  private scheme: 'unknown' | 'none' | 'basic' | 'bearer' = 'unknown';
  private realm?: { url: string; service?: string };
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly transport: HttpTransport,
    private readonly credential: RegistryEndpoint['credential'],
    private readonly minter?: TokenMinter,
  ) {}

  basicHeader(): string | undefined {
    const c = this.credential;
    return c ? `Basic ${Buffer.from(`${c.accessKey}:${c.accessSecret}`).toString('base64')}` : undefined;
  }

  /**
   * Sends with the credentials the registry asked for so far; on a 401 learns the challenge and
   * sends once more when the body can be sent again (not a stream already consumed).
   */
  async send(req: AuthRequest): Promise<HttpResponse> {
    const first = await this.transport.send({ ...req, headers: { ...req.headers, ...(await this.authorization(req.scopes, req.signal)) } });
    if (first.status !== 401 || (req.body && !Buffer.isBuffer(req.body))) return first;
    const challenge = parseChallenge(header(first, 'www-authenticate'));
    discard(first);
    if (!(await this.learn(challenge, req.scopes, req.signal))) {
      throw new RemoteError('unauthorized', this.credential ? 'wrong credentials: the registry refused the user name or password' : 'the registry needs credentials', { status: 401 });
    }
    return this.transport.send({ ...req, headers: { ...req.headers, ...(await this.authorization(req.scopes, req.signal)) } });
  }

  /** Adopts the scheme of a challenge; false when nothing new can be tried. */
  private async learn(challenge: Challenge | null, scopes: string[], signal?: AbortSignal): Promise<boolean> {
    if (challenge?.scheme === 'basic') {
      if (this.scheme === 'basic' || !this.credential) return false;
      this.scheme = 'basic';
      return true;
    }
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      this.scheme = 'bearer';
      this.realm = { url: challenge.params.realm, service: challenge.params.service };
      // The challenge's scope is what the registry wants (a mount adds its source); ours may say less.
      const wanted = [...new Set([...scopes, ...(challenge.params.scope ?? '').split(' ').filter(Boolean)])];
      const key = scopes.join(' ');
      this.tokens.set(key, await this.fetchToken(wanted, signal));
      return true;
    }
    return false;
  }

  private async authorization(scopes: string[], signal?: AbortSignal): Promise<Record<string, string>> {
    if (this.scheme === 'basic') return { authorization: this.basicHeader()! };
    if (this.scheme !== 'bearer') return {};
    const key = scopes.join(' ');
    let cached = this.tokens.get(key);
    if (!cached || cached.expiresAt <= Date.now()) {
      cached = await this.fetchToken(scopes, signal);
      this.tokens.set(key, cached);
    }
    return { authorization: `Bearer ${cached.token}` };
  }

  private async fetchToken(scopes: string[], signal?: AbortSignal): Promise<{ token: string; expiresAt: number }> {
    if (this.minter) {
      const minted = this.minter(scopes);
      return { token: minted.token, expiresAt: Date.now() + minted.expiresIn * 1000 - TOKEN_MARGIN_MS };
    }
    const realm = new URL(this.realm!.url);
    if (this.realm!.service) realm.searchParams.set('service', this.realm!.service);
    for (const scope of scopes) realm.searchParams.append('scope', scope);
    const basic = this.basicHeader();
    const res = await this.transport.send({ method: 'GET', url: realm.toString(), headers: basic ? { authorization: basic } : {}, signal });
    const body = await readBody(res, 1024 * 1024);
    if (res.status === 401 || res.status === 403) {
      throw new RemoteError('unauthorized', 'wrong credentials: the token service refused the user name or password', { status: res.status });
    }
    if (res.status !== 200) {
      throw new RemoteError(res.status >= 500 ? 'server' : 'rejected', `the token service at ${realm.origin} answered ${res.status}`, { status: res.status });
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      throw new RemoteError('not-a-registry', `the token service at ${realm.origin} did not answer JSON`);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new RemoteError('not-a-registry', `the token service at ${realm.origin} gave no token`);
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_LIFETIME_S;
    return { token, expiresAt: Date.now() + Math.max(lifetime * 1000 - TOKEN_MARGIN_MS, 5_000) };
  }
}
