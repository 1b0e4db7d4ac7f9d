/** The console session against a real server: sign-in, cookie, CSRF, expiry, sign-out and sign-in limits. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, auditRowsSince, createUser, errorOf, lastAuditId, openServerDatabase } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

const MINUTE = 60_000;

describe('console sessions', () => {
  let server: ServerProcess;
  let admin: ApiClient;

  const sessionRow = (cookieOwner: string) => {
    const db = openServerDatabase(server);
    try {
      return db
        .prepare('select s.* from sessions s join users u on u.user_id = s.user_id where u.username = ? order by s.creation_time desc')
        .get(cookieOwner) as { session_id: string; last_seen: string; expires_at: string } | undefined;
    } finally {
      db.close();
    }
  };
  const sql = (statement: string, ...params: unknown[]) => {
    const db = openServerDatabase(server);
    try {
      db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    for (const name of ['sam', 'tess', 'uma', 'vic']) await createUser(admin, name);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('signing in by username or e-mail sets an HttpOnly, SameSite=Lax sid cookie and a CSRF token; both are audited', async () => {
    const before = lastAuditId(server);
    const console = ApiClient.anonymous(server);
    const res = await console.login('sam', 'Passw0rdX');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sid='))!;
    expect(cookie).toMatch(/^sid=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(res.headers.get('x-harbor-csrf-token')).toMatch(/^[\w-]{43}$/);

    const me = await console.get<{ username: string }>('/users/current');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('sam');
    expect(me.headers.get('x-harbor-csrf-token')).toBe(console.csrfToken);

    const byEmail = ApiClient.anonymous(server);
    expect((await byEmail.login('SAM@example.com', 'Passw0rdX')).status).toBe(200);
    expect(auditRowsSince(server, before).map((r) => [r.operation, r.resource_type, r.username, r.operation_result, r.client_ip])).toEqual([
      ['login', 'user', 'sam', 1, expect.stringMatching(/127\.0\.0\.1/)],
      ['login', 'user', 'sam', 1, expect.stringMatching(/127\.0\.0\.1/)],
    ]);
  });

  test('a wrong password is 401 in Harbor\'s error body and audited as a failure; a missing field is 400 naming it', async () => {
    const before = lastAuditId(server);
    const res = await ApiClient.anonymous(server).login('tess', 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'The user name or password is not correct.' }] });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(auditRowsSince(server, before)).toMatchObject([{ operation: 'login', username: 'tess', operation_result: 0 }]);

    // Behind a reverse proxy on this host, the client's address comes from X-Forwarded-For.
    const proxied = lastAuditId(server);
    await ApiClient.anonymous(server).login('tess', 'nope', { 'x-forwarded-for': '198.51.100.23' });
    expect(auditRowsSince(server, proxied)).toMatchObject([{ client_ip: '198.51.100.23' }]);
    // A header that names no address is ignored: the peer's own address is recorded.
    const garbled = lastAuditId(server);
    expect((await ApiClient.anonymous(server).login('tess', 'nope', { 'x-forwarded-for': 'x'.repeat(100) })).status).toBe(401);
    expect(auditRowsSince(server, garbled)).toMatchObject([{ client_ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) }]);

    const blank = await fetch(`${server.url}/c/login`, { method: 'POST', body: new URLSearchParams({ password: 'x' }) });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toEqual({ errors: [{ code: 'BAD_REQUEST', message: 'principal is required.', field: 'principal' }] });
  });

  test('with the cookie, a change needs the CSRF token (403 "CSRF token invalid" without it or with a wrong one); reads and Basic clients need none', async () => {
    const console = await ApiClient.session(server, 'tess', 'Passw0rdX');
    const missing = await console.post('/projects', { project_name: 'csrf-a' }, { withoutCsrf: true });
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ errors: [{ code: 'FORBIDDEN', message: 'CSRF token invalid' }] });
    const wrong = await console.post('/projects', { project_name: 'csrf-a' }, { withoutCsrf: true, headers: { 'x-harbor-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect((await console.get('/projects', { withoutCsrf: true })).status).toBe(200);
    expect((await console.post('/projects', { project_name: 'csrf-a' })).status).toBe(201);
    expect((await ApiClient.basic(server, 'tess', 'Passw0rdX').post('/projects', { project_name: 'csrf-b' })).status).toBe(201);

    // Sending Basic credentials does not lift the check while the session cookie rides along.
    const both = await fetch(`${server.url}/api/v2.0/projects`, {
      method: 'POST',
      headers: { cookie: `sid=${console.sessionCookie}`, authorization: `Basic ${Buffer.from('tess:Passw0rdX').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project_name: 'csrf-c' }),
    });
    expect(both.status).toBe(403);
  });

  test('GET /c/session: 200 with null for a visitor (no 401 for the browser to log), the user as /users/current gives it when signed in', async () => {
    const visitor = await fetch(`${server.url}/c/session`);
    expect(visitor.status).toBe(200);
    expect(await visitor.json()).toBeNull();
    const tess = await ApiClient.session(server, 'tess', 'Passw0rdX');
    const session = await tess.get('/c/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual((await tess.get('/users/current')).body);
    expect(session.body).toMatchObject({ username: 'tess', sysadmin_flag: false });
  });

  test('a sign-in form posted from another site is refused', async () => {
    const res = await ApiClient.anonymous(server).login('tess', 'Passw0rdX', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await ApiClient.anonymous(server).login('tess', 'Passw0rdX', { origin: server.url })).status).toBe(200);
  });

  test('sign-out ends the session: the cookie is cleared, the old cookie is refused, and it is audited', async () => {
    const console = await ApiClient.session(server, 'uma', 'Passw0rdX');
    const cookie = console.sessionCookie!;
    const before = lastAuditId(server);
    const out = await console.get('/c/log_out');
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^sid=; .*Max-Age=0/);
    const stale = await fetch(`${server.url}/api/v2.0/users/current`, { headers: { cookie: `sid=${cookie}` } });
    expect(stale.status).toBe(401);
    expect(stale.headers.getSetCookie()[0]).toMatch(/^sid=; /);
    expect(auditRowsSince(server, before)).toMatchObject([{ operation: 'logout', resource_type: 'user', username: 'uma', operation_result: 1 }]);
  });

  test('expiry: a session past expires_at is refused and its cookie cleared', async () => {
    const console = await ApiClient.session(server, 'uma', 'Passw0rdX');
    sql('update sessions set expires_at = ? where session_id = ?', new Date(Date.now() - 1000).toISOString(), sessionRow('uma')!.session_id);
    const res = await console.get('/users/current');
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()[0]).toMatch(/^sid=; /);
    expect(console.sessionCookie).toBeNull();
  });

  test('expiry slides with use, from the session_timeout setting; X-Harbor-No-Session-Renewal keeps it where it is', async () => {
    expect((await admin.put('/configurations', { session_timeout: 5 })).status).toBe(200);
    const console = await ApiClient.session(server, 'vic', 'Passw0rdX');
    const first = sessionRow('vic')!;
    expect(Date.parse(first.expires_at) - Date.now()).toBeGreaterThan(4 * MINUTE);
    expect(Date.parse(first.expires_at) - Date.now()).toBeLessThanOrEqual(5 * MINUTE);

    // Pretend the last request was two minutes ago, with three minutes left.
    const lastSeen = new Date(Date.now() - 2 * MINUTE).toISOString();
    const expiresAt = new Date(Date.now() + 3 * MINUTE).toISOString();
    sql('update sessions set last_seen = ?, expires_at = ? where session_id = ?', lastSeen, expiresAt, first.session_id);
    expect((await console.get('/users/current', { headers: { 'x-harbor-no-session-renewal': 'true' } })).status).toBe(200);
    expect(sessionRow('vic')!.expires_at).toBe(expiresAt);
    expect((await console.get('/users/current')).status).toBe(200);
    expect(Date.parse(sessionRow('vic')!.expires_at) - Date.now()).toBeGreaterThan(4 * MINUTE);
    expect((await admin.put('/configurations', { session_timeout: 60 })).status).toBe(200);
  });

  test('changing a password voids the user\'s other sessions; the console that changed it gets a new one', async () => {
    const changing = await ApiClient.session(server, 'vic', 'Passw0rdX');
    const other = await ApiClient.session(server, 'vic', 'Passw0rdX');
    const oldCookie = changing.sessionCookie;
    const id = (await changing.get<{ user_id: number }>('/users/current')).body.user_id;
    const changed = await changing.put(`/users/${id}/password`, { old_password: 'Passw0rdX', new_password: 'Passw0rdY' });
    expect(changed.status).toBe(200);
    expect(changing.sessionCookie).not.toBe(oldCookie);
    expect((await changing.get('/users/current')).status).toBe(200);
    expect((await other.get('/users/current')).status).toBe(401);
  });

  test('5 wrong passwords lock the account at that address: 429 with Retry-After, even for the right password and over Basic', async () => {
    const client = ApiClient.anonymous(server);
    for (let i = 0; i < 5; i++) expect((await client.login('sam', `wrong-${i}`)).status).toBe(401);
    const locked = await client.login('sam', 'Passw0rdX');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(errorOf(locked)).toMatchObject({ code: 'TOO_MANY_REQUEST', message: expect.stringMatching(/^Too many failed sign-ins\. Try again in \d+ (seconds|minutes)\.$/) });
    expect((await ApiClient.basic(server, 'sam', 'Passw0rdX').get('/users/current')).status).toBe(429);
    expect((await ApiClient.basic(server, 'sam@example.com', 'Passw0rdX').get('/users/current')).status).toBe(429);

    sql("update login_failures set locked_until = ? where scope = 'account-address'", new Date(Date.now() - 1000).toISOString());
    expect((await client.login('sam', 'Passw0rdX')).status).toBe(200);
  });

  test('guesses sent all at once count one by one: 5 are checked, the rest get 429', async () => {
    await createUser(admin, 'wes');
    const guesses = Array.from({ length: 20 }, (_, i) =>
      ApiClient.anonymous(server).login('wes', `wrong-${i}`, { 'x-forwarded-for': '198.51.100.77' }).then((res) => res.status),
    );
    const statuses = await Promise.all(guesses);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  // Last: it locks 127.0.0.1, from where every test signs in.
  test('30 failures from one address, across any names, lock that address for everyone', async () => {
    const db = openServerDatabase(server);
    const counted = (db.prepare("select failures from login_failures where scope = 'address'").get() as { failures: number }).failures;
    db.close();
    const client = ApiClient.anonymous(server);
    const statuses: number[] = [];
    for (let i = counted; i < 30; i++) statuses.push((await client.login(`nobody-${i}`, 'x')).status);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const locked = await client.login('tess', 'Passw0rdX');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
  });
});
