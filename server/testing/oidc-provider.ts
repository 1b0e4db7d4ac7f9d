/**
 * A real OpenID Connect provider for tests: oidc-provider (OpenID-certified) on a random loopback
 * port, with one confidential client for Berth and a few people. Its login page is a plain form
 * (login, password); consent is given for the client at once, as for a first-party application.
 * Claims: name (the login), email, groups. A test may change a person's groups or remove them.
 */
import http from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './free-port.js';

export interface TestPerson {
  password: string;
  email: string;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  people: Map<string, TestPerson>;
  stop(): Promise<void>;
}

export const CLIENT_ID = 'berth';
export const CLIENT_SECRET = 'berth-client-secret-for-tests';

const loginPage = (uid: string, error = '') => `<!doctype html><html lang="en"><head><title>Test provider sign-in</title></head><body>
<main><h1>Test provider</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>`;

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

/**
 * Starts the provider. `redirectUri` is Berth's /c/oidc/callback; `accessTokenTtl` (seconds) is
 * short when a test wants Berth to refresh soon.
 */
export async function startTestProvider(options: { redirectUri: string; people: Record<string, TestPerson>; accessTokenTtl?: number }): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const people = new Map(Object.entries(options.people));
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [options.redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    findAccount: (_ctx: unknown, id: string) => {
      const person = people.get(id);
      // Gone from the provider: no account, so a refresh fails.
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: id, email: person.email, groups: [...person.groups] }) };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Consent for Berth is implied (a first-party client), so only the login form is shown.
    loadExistingGrant: async (ctx: { oidc: { client: { clientId: string }; session: { accountId: string } } }) => {
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email groups offline_access');
      await grant.save();
      return grant;
    },
    issueRefreshToken: () => true,
    ttl: { AccessToken: options.accessTokenTtl ?? 3600, IdToken: 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400, Interaction: 600 },
    cookies: { keys: ['test-provider-cookie-key'] },
    pkce: { required: () => true },
  });
  const handle = provider.callback();
  const server = http.createServer((req, res) => {
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(req.url ?? '');
    if (!match) return handle(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html' }).end(loginPage(details.uid));
          return;
        }
        const form = await readForm(req);
        const login = form.get('login') ?? '';
        if (people.get(login)?.password !== form.get('password')) {
          res.writeHead(200, { 'content-type': 'text/html' }).end(loginPage(details.uid, 'Wrong login or password.'));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    people,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A cookie jar per host:port, enough to walk a sign-in through two sites with fetch. */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url: string, res: Response): void {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (!value || attrs.some((a) => /^\s*max-age=0$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
  }

  get(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }
}

/** One request with the jar's cookies, no redirect followed. */
export async function step(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
  jar.keep(url, res);
  return res;
}

/** Follows redirects (GET) from `url` until a response is no redirect or `stopAt` matches the next URL. */
export async function follow(jar: CookieJar, url: string, stopAt?: (next: URL) => boolean): Promise<{ res: Response; url: string }> {
  let current = url;
  for (let hops = 0; hops < 20; hops++) {
    const res = await step(jar, current);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
    const next = new URL(location, current);
    if (stopAt?.(next)) return { res, url: next.href };
    current = next.href;
  }
  throw new Error(`too many redirects from ${url}`);
}

/**
 * Signs in at the provider's form from an authorization URL, and returns the callback URL the
 * provider sends the browser to (not yet opened).
 */
export async function loginAtProvider(jar: CookieJar, authorizationUrl: string, login: string, password: string, callbackPrefix: string): Promise<string> {
  const form = await follow(jar, authorizationUrl, (next) => next.href.startsWith(callbackPrefix));
  if (form.url.startsWith(callbackPrefix)) return form.url;
  const action = /action="([^"]+)"/.exec(await form.res.text())?.[1];
  if (!action) throw new Error(`no login form at ${form.url}`);
  const loginUrl = new URL(action, form.url).href;
  const posted = await step(jar, loginUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password }).toString() });
  const location = posted.headers.get('location');
  if (!location) throw new Error(`the provider refused the login of ${login}: ${posted.status}`);
  const back = await follow(jar, new URL(location, loginUrl).href, (next) => next.href.startsWith(callbackPrefix));
  if (!back.url.startsWith(callbackPrefix)) throw new Error(`the provider did not send ${login} back: ${back.res.status} ${await back.res.text()}`);
  return back.url;
}

/** The whole browser walk: Berth's /c/oidc/login, the provider's form, back to Berth's callback (opened). */
export async function signInThroughBerth(berthUrl: string, login: string, password: string, redirect = '/projects'): Promise<{ jar: CookieJar; res: Response }> {
  const jar = new CookieJar();
  const start = await step(jar, `${berthUrl}/c/oidc/login?redirect_url=${encodeURIComponent(redirect)}`);
  const location = start.headers.get('location');
  if (start.status !== 302 || !location) throw new Error(`Berth's OIDC login answered ${start.status}`);
  const callback = await loginAtProvider(jar, location, login, password, `${berthUrl}/c/oidc/callback`);
  return { jar, res: await step(jar, callback) };
}
