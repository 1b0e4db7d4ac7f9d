/** A real Berth process: health endpoints, the console shell, logs, and shutdown. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createTestDatabase, DIALECTS } from './testing/dialects.js';
import { basic, runCli, startServer, type ServerProcess } from './testing/server-process.js';

const prepared = () => inject('preparedDataVolume');

function readLogs(server: ServerProcess): Record<string, string> {
  const dir = path.join(server.dataVolume, 'log');
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** Sends raw bytes; resolves with whatever the server answered once it closes the socket. */
function rawRequest(port: number, head: string, body: string[], pauseMs: number, onSent?: () => void) {
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(head);
    onSent?.();
    void (async () => {
      for (const part of body) {
        await new Promise((r) => setTimeout(r, pauseMs));
        if (!socket.destroyed) socket.write(part);
      }
    })();
  });
}

describe('a running server', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: prepared() });
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('a second server on the same port stops with a sentence naming the key', async () => {
    const result = await runCli(['serve', '--config', server.configFile], {
      env: { BERTH_HTTP_PORT: String(server.port), BERTH_LOG_LOCAL_LOCATION: path.join(server.dir, 'log2') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`berth: port ${server.port} on 127.0.0.1 is already in use (http.port)`);
  });

  test('GET /api/v2.0/ping answers Pong', async () => {
    const res = await fetch(`${server.url}/api/v2.0/ping`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Pong');
  });

  test('GET /api/v2.0/health reports core, database and storage as healthy', async () => {
    const res = await fetch(`${server.url}/api/v2.0/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'healthy',
      components: [
        { name: 'core', status: 'healthy' },
        { name: 'database', status: 'healthy' },
        { name: 'storage', status: 'healthy' },
      ],
    });
  });

  test('GET /api/v2.0/systeminfo: auth mode, self-registration, banner and OIDC provider name for all, version and external URL once signed in', async () => {
    const anonymous = (await (await fetch(`${server.url}/api/v2.0/systeminfo`)).json()) as Record<string, unknown>;
    expect(anonymous).toEqual({
      auth_mode: 'db_auth',
      primary_auth_mode: false,
      self_registration: false,
      banner_message: '',
      oidc_provider_name: '',
      // Berth's: whether "Forgot password?" can send a link (a mail server is set).
      password_reset_by_email: false,
    });
    const res = await fetch(`${server.url}/api/v2.0/systeminfo`, { headers: { authorization: basic('admin', 'Harbor12345') } });
    const info = (await res.json()) as Record<string, unknown>;
    expect(info).toMatchObject({ auth_mode: 'db_auth', self_registration: false, harbor_version: '0.1.0' });
    expect(info.external_url).toBe(server.url);
    const proxied = await fetch(`${server.url}/api/v2.0/systeminfo`, {
      headers: { authorization: basic('admin', 'Harbor12345'), 'x-forwarded-proto': 'https', 'x-forwarded-host': 'reg.example.com' },
    });
    expect(((await proxied.json()) as { external_url: string }).external_url).toBe('https://reg.example.com');
    expect((await fetch(`${server.url}/api/version`).then((r) => r.json())) as unknown).toEqual({ version: 'v2.0' });
  });

  test('API errors use Harbor\'s body; wrong credentials are 401; the request id is echoed', async () => {
    const missing = await fetch(`${server.url}/api/v2.0/no-such-thing`, { headers: { 'x-request-id': 'trace-42' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trace-42');
    expect(await missing.json()).toEqual({
      errors: [{ code: 'NOT_FOUND', message: 'There is no API at GET /api/v2.0/no-such-thing.' }],
    });
    const wrong = await fetch(`${server.url}/api/v2.0/systeminfo`, { headers: { authorization: basic('admin', 'nope') } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'The user name or password is not correct.' }] });
    const badJson = await fetch(`${server.url}/api/v2.0/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ errors: [{ code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' }] });
    const notGzip = await fetch(`${server.url}/api/v2.0/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: '{"plain":"text"}',
    });
    expect(notGzip.status).toBe(400);
    expect(((await notGzip.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/could not be read as sent/);
  });

  test('the console is served at / and for client routes; assets are cached, missing assets are 404', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    const html = await home.text();
    expect(html).toContain('<div id="root"></div>');
    expect(home.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const deep = await fetch(`${server.url}/projects/1/repositories?page=2`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${server.url}/assets/missing-123.js`)).status).toBe(404);
  });

  test('each component logs to its own file; one access line per request with id, user, method, path, status, bytes, duration', async () => {
    await fetch(`${server.url}/api/v2.0/ping`, { headers: { 'x-request-id': 'access-line-1' } });
    await fetch(`${server.url}/api/v2.0/systeminfo`, {
      headers: { 'x-request-id': 'access-line-2', authorization: basic('admin', 'Harbor12345') },
    });
    await new Promise((r) => setTimeout(r, 300));
    const logs = readLogs(server);
    for (const name of ['core.log', 'registry.log', 'token.log', 'jobservice.log', 'db.log']) expect(logs).toHaveProperty(name);
    const lines = logs['core.log']!.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.reqId === 'access-line-1')).toMatchObject({
      component: 'core',
      user: 'anonymous',
      method: 'GET',
      path: '/api/v2.0/ping',
      status: 200,
      bytes: 4,
      ms: expect.any(Number),
    });
    expect(lines.find((l) => l.reqId === 'access-line-2')).toMatchObject({ user: 'admin', status: 200 });
    expect(server.output()).toContain('"reqId":"access-line-1"');
    expect(logs['db.log']).toContain('applied a migration');
  });

  test('no password, token, Authorization header or cookie value ever reaches a log line', async () => {
    const secrets = {
      password: 'Sup3rSecretPassw0rd',
      basic: basic('admin', 'Sup3rSecretPassw0rd').slice(6),
      token: 'tok_9f8e7d6c5b4a',
      cookie: 'sid=cookie-value-1a2b3c',
      bearer: 'eyJhbGciOiJSUzI1NiJ9.bearer-secret.sig',
    };
    await fetch(`${server.url}/api/v2.0/systeminfo?token=${secrets.token}&password=${secrets.password}`, {
      headers: { authorization: `Basic ${secrets.basic}`, cookie: secrets.cookie },
    });
    await fetch(`${server.url}/api/v2.0/health`, { headers: { authorization: `Bearer ${secrets.bearer}`, cookie: secrets.cookie } });
    await fetch(`${server.url}/reset-password?token=${secrets.token}`);
    await fetch(`${server.url}/api/v2.0/ping`, { headers: { authorization: basic('admin', 'Harbor12345') } });
    await new Promise((r) => setTimeout(r, 300));
    const everything = [...Object.values(readLogs(server)), server.output()].join('\n');
    for (const value of [...Object.values(secrets), 'Harbor12345', basic('admin', 'Harbor12345').slice(6), 'cookie-value-1a2b3c']) {
      expect(everything).not.toContain(value);
    }
    expect(everything).toContain('/reset-password');
  });
});

describe('log rotation', () => {
  test('files rotate at log.local.rotate_size, keeping log.local.rotate_count old files', async () => {
    const server = await startServer({
      preparedDataVolume: prepared(),
      config: { log: { local: { rotate_size: '2k', rotate_count: 2 } } },
    });
    try {
      for (let i = 0; i < 60; i++) await fetch(`${server.url}/api/v2.0/ping`);
      await new Promise((r) => setTimeout(r, 500));
      const files = readdirSync(path.join(server.dataVolume, 'log')).filter((f) => f.startsWith('core.log')).sort();
      expect(files).toEqual(['core.log', 'core.log.1', 'core.log.2']);
    } finally {
      await server.stop();
      await server.cleanup();
    }
  });
});

describe('shutdown', () => {
  test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const server = await startServer({ preparedDataVolume: prepared() });
    try {
      const body = JSON.stringify({ project_name: 'slow' });
      const head = `POST /api/v2.0/no-such-thing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      const answer = rawRequest(server.port, head, [body.slice(0, 5), body.slice(5)], 400, () => {
        setTimeout(() => server.child.kill('SIGTERM'), 100);
      });
      expect(await answer).toMatch(/^HTTP\/1\.1 404/);
      expect(await server.stop()).toBe(0);
      expect(server.output()).toMatch(/"msg":"stopped"/);
      expect(await fetch(`${server.url}/api/v2.0/ping`).catch(() => 'refused')).toBe('refused');
    } finally {
      await server.cleanup();
    }
  });

  test('a request that never completes is cut after http.shutdown_timeout; the exit is still 0', async () => {
    const server = await startServer({ preparedDataVolume: prepared(), config: { http: { port: 0, bind_address: '127.0.0.1', shutdown_timeout: '1s' } } });
    try {
      const head = `POST /api/v2.0/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
      const hung = rawRequest(server.port, head, ['{'], 50);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      expect(await server.stop('SIGINT')).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await hung;
      expect(server.output()).toMatch(/shutdown timeout reached/);
    } finally {
      await server.cleanup();
    }
  });
});

describe('health when a component fails', () => {
  test('storage that cannot be written makes health 503 naming storage', async () => {
    const server = await startServer({ preparedDataVolume: prepared() });
    try {
      const registry = path.join(server.dataVolume, 'registry');
      rmSync(registry, { recursive: true, force: true });
      writeFileSync(registry, 'not a directory');
      const res = await fetch(`${server.url}/api/v2.0/health`);
      expect(res.status).toBe(503);
      const health = (await res.json()) as { status: string; components: { name: string; status: string; error?: string }[] };
      expect(health.status).toBe('unhealthy');
      expect(health.components.find((c) => c.name === 'storage')).toMatchObject({ status: 'unhealthy', error: expect.any(String) });
      expect(health.components.find((c) => c.name === 'database')?.status).toBe('healthy');
    } finally {
      await server.stop();
      await server.cleanup();
    }
  });

  test.runIf(DIALECTS.includes('postgresql'))('on PostgreSQL: serves, and reports the database unhealthy once it is gone', async () => {
    const testDb = await createTestDatabase('postgresql');
    const server = await startServer({ preparedDataVolume: prepared(), env: { BERTH_DATABASE_URL: testDb.url! } });
    try {
      expect(existsSync(path.join(server.dataVolume, 'database'))).toBe(false);
      const ok = await fetch(`${server.url}/api/v2.0/systeminfo`, { headers: { authorization: basic('admin', 'Harbor12345') } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${server.url}/api/v2.0/health`)).status).toBe(200);
      await testDb.drop();
      const res = await fetch(`${server.url}/api/v2.0/health`);
      expect(res.status).toBe(503);
      const health = (await res.json()) as { components: { name: string; status: string }[] };
      expect(health.components.find((c) => c.name === 'database')?.status).toBe('unhealthy');
    } finally {
      await server.stop();
      await server.cleanup();
      await testDb.drop();
    }
  });
});
