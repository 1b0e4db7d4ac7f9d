import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-config-'));
/** A directory without harbor.yml, for runs on defaults. */
const empty = mkdtempSync(path.join(os.tmpdir(), 'berth-empty-'));

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('with no file, defaults: port 8080, embedded SQLite under ./data, admin password Harbor12345', () => {
    const { config, file: used } = loadConfig({ env: {}, cwd: empty });
    expect(used).toBeNull();
    expect(config.http.port).toBe(8080);
    expect(config.harbor_admin_password).toBe('Harbor12345');
    expect(config.data_volume).toBe(path.join(empty, 'data'));
    expect(config.database).toMatchObject({ type: 'sqlite', path: path.join(empty, 'data', 'database', 'berth.db') });
    expect(config.log.local).toEqual({ rotate_count: 50, rotate_size: 200 * 1024 * 1024, location: path.join(empty, 'data', 'log') });
    expect(config.token_expiration).toBe(30);
    expect(config.external_url).toBe('http://localhost:8080');
    expect(config.external_url_configured).toBe(false);
  });

  test('reads ./harbor.yml when present, else BERTH_CONFIG, else --config', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'berth-cwd-'));
    writeFileSync(path.join(cwd, 'harbor.yml'), 'hostname: from-cwd\n');
    expect(loadConfig({ env: {}, cwd }).config.hostname).toBe('from-cwd');
    const viaEnv = file('env.yml', 'hostname: from-env\n');
    expect(loadConfig({ env: { BERTH_CONFIG: viaEnv }, cwd }).config.hostname).toBe('from-env');
    const viaFlag = file('flag.yml', 'hostname: from-flag\n');
    expect(loadConfig({ file: viaFlag, env: { BERTH_CONFIG: viaEnv }, cwd }).config.hostname).toBe('from-flag');
  });

  test('every key can be overridden by BERTH_<PATH>, coerced to its type', () => {
    const yml = file('env-over.yml', 'http:\n  port: 9000\nlog:\n  level: info\n');
    const { config } = loadConfig({
      file: yml,
      cwd: dir,
      env: {
        BERTH_HTTP_PORT: '9100',
        BERTH_DATA_VOLUME: '/srv/berth',
        BERTH_DATABASE_URL: 'postgres://u:p@db:5432/registry',
        BERTH_HARBOR_ADMIN_PASSWORD: '12345',
        BERTH_LOG_LEVEL: 'debug',
        BERTH_LOG_LOCAL_ROTATE_COUNT: '3',
        BERTH_UPLOAD_PURGING_ENABLED: 'false',
        BERTH_EXTERNAL_URL: 'https://registry.example.com/',
      },
    });
    expect(config.http.port).toBe(9100);
    expect(config.data_volume).toBe('/srv/berth');
    expect(config.database.type).toBe('postgresql');
    expect(config.database.url).toBe('postgres://u:p@db:5432/registry');
    expect(config.harbor_admin_password).toBe('12345');
    expect(config.log.level).toBe('debug');
    expect(config.log.local.rotate_count).toBe(3);
    expect(config.upload_purging.enabled).toBe(false);
    expect(config.external_url).toBe('https://registry.example.com');
    expect(config.external_url_configured).toBe(true);
  });

  test('a bad file reports every problem, one per line, with the key path, what is expected and what was found', () => {
    const bad = file(
      'harbor.yml',
      [
        'http:',
        '  port: abc',
        'https:',
        '  port: 443',
        'log:',
        '  level: loud',
        '  local:',
        '    rotate_size: lots',
        'database:',
        '  sslmode: maybe',
        'jobservice:',
        '  max_job_workers: 0',
        'token_expiration: -5',
        'external_url: ftp://registry',
      ].join('\n'),
    );
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir })).sort()).toEqual(
      [
        'harbor.yml: http.port: a port number from 1 to 65535 (0 picks a free one), got "abc"',
        'harbor.yml: https.certificate: the path of the TLS certificate (PEM), got nothing',
        'harbor.yml: https.private_key: the path of the TLS private key (PEM), got nothing',
        'harbor.yml: log.level: one of debug, info, warning, error, fatal, got "loud"',
        'harbor.yml: log.local.rotate_size: a size such as 200M (units k, M, G), got "lots"',
        'harbor.yml: database.sslmode: one of disable, require, verify-ca, verify-full, got "maybe"',
        'harbor.yml: jobservice.max_job_workers: the number of job workers, at least 1, got 0',
        'harbor.yml: token_expiration: the registry token lifetime in minutes, at least 1, got -5',
        'harbor.yml: external_url: a URL such as https://registry.example.com, got "ftp://registry"',
      ].sort(),
    );
  });

  test('a bad environment override names the variable and the key', () => {
    expect(problemsOf(() => loadConfig({ env: { BERTH_HTTP_PORT: 'eighty' }, cwd: empty }))).toEqual([
      'BERTH_HTTP_PORT (http.port): a port number from 1 to 65535 (0 picks a free one), got "eighty"',
    ]);
  });

  test('http.trusted_proxies: loopback by default; a list or comma-separated addresses and ranges; anything else named', () => {
    expect(loadConfig({ env: {}, cwd: empty }).config.http.trusted_proxies).toEqual(['loopback']);
    const listed = file('proxies.yml', 'http:\n  trusted_proxies: [10.0.0.5, "fd00::/8"]\n');
    expect(loadConfig({ file: listed, env: {}, cwd: dir }).config.http.trusted_proxies).toEqual(['10.0.0.5', 'fd00::/8']);
    const fromEnv = loadConfig({ env: { BERTH_HTTP_TRUSTED_PROXIES: 'loopback, 192.168.1.0/24' }, cwd: empty });
    expect(fromEnv.config.http.trusted_proxies).toEqual(['loopback', '192.168.1.0/24']);
    expect(problemsOf(() => loadConfig({ env: { BERTH_HTTP_TRUSTED_PROXIES: '10.0.0.0/33' }, cwd: empty }))).toEqual([
      expect.stringMatching(/^BERTH_HTTP_TRUSTED_PROXIES \(http.trusted_proxies\): the reverse proxies .* got "10.0.0.0\/33"$/),
    ]);
  });

  test('a section given as a scalar says which keys it holds; passwords are never echoed', () => {
    const bad = file('harbor.yml', 'http: 80\ndatabase:\n  password: [1, 2]\n');
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir })).sort()).toEqual([
      'harbor.yml: database.password: the PostgreSQL password, got (a hidden value)',
      'harbor.yml: http: a map with the keys port, bind_address, shutdown_timeout, trusted_proxies, body_timeout, max_connections_per_address, got 80',
    ]);
  });

  test('a password inside a URL is never echoed, from the file or the environment', () => {
    const bad = file('harbor.yml', 'database:\n  url: mysql://berth:S3cretPW@db/registry\n');
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir }))).toEqual([
      'harbor.yml: database.url: a PostgreSQL URL such as postgres://user:pass@host:5432/registry, got "mysql://berth:(hidden)@db/registry"',
    ]);
    const fromEnv = problemsOf(() => loadConfig({ env: { BERTH_DATABASE_URL: 'mysql://berth:p@ss/w0rd@db/registry' }, cwd: empty }));
    expect(fromEnv).toEqual(['BERTH_DATABASE_URL (database.url): a PostgreSQL URL such as postgres://user:pass@host:5432/registry, got "mysql://berth:(hidden)@db/registry"']);
  });

  test('durations have bounds: purging at least 1m, the shutdown timeout at most 1h', () => {
    const bad = file('harbor.yml', 'http:\n  shutdown_timeout: 2d\nupload_purging:\n  age: 0s\n  interval: 30s\n');
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir })).sort()).toEqual([
      'harbor.yml: http.shutdown_timeout: a duration such as 10s or 1m, at most 1h, got "2d"',
      'harbor.yml: upload_purging.age: a duration such as 24h or 7d, at least 1m, got "0s"',
      'harbor.yml: upload_purging.interval: a duration such as 1h or 24h, at least 1m, got "30s"',
    ]);
    const ok = file('harbor.yml', 'http:\n  shutdown_timeout: 1h\nupload_purging:\n  age: 1m\n  interval: 30d\n');
    expect(loadConfig({ file: ok, env: {}, cwd: dir }).config.upload_purging.interval).toBe(30 * 86_400_000);
  });

  test('PostgreSQL chosen without a host or url is refused', () => {
    const bad = file('harbor.yml', 'database:\n  type: postgresql\n');
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir }))).toEqual([
      'harbor.yml: database.host: the PostgreSQL host (or set database.url), got nothing',
    ]);
  });

  test('YAML syntax errors give the line and column; a missing file says so', () => {
    const broken = file('harbor.yml', 'hostname: a\nhttp: [\n');
    expect(problemsOf(() => loadConfig({ file: broken, env: {}, cwd: dir }))[0]).toMatch(/^harbor\.yml: line \d+, column \d+: /);
    expect(problemsOf(() => loadConfig({ file: path.join(dir, 'absent.yml'), env: {}, cwd: dir }))[0]).toMatch(
      /^absent\.yml: cannot read .*absent\.yml: no such file$/,
    );
  });

  test("Harbor's keys Berth does not use, and unknown keys, are ignored with a notice", () => {
    const yml = file('harbor.yml', 'trivy:\n  ignore_unfixed: false\nhttp:\n  port: 8081\n  prot: 1\nmystery: 2\n');
    const { config, warnings } = loadConfig({ file: yml, env: {}, cwd: dir });
    expect(config.http.port).toBe(8081);
    expect(warnings).toEqual([
      'harbor.yml: trivy: not used (vulnerability scanning is not part of Berth yet); ignored',
      'harbor.yml: http.prot: not a key Berth knows; ignored',
      'harbor.yml: mystery: not a key Berth knows; ignored',
    ]);
  });

  test("Harbor's external_database.harbor block selects PostgreSQL", () => {
    const yml = file(
      'harbor.yml',
      'external_database:\n  harbor:\n    host: db.internal\n    port: 5433\n    db_name: harbor\n    username: harbor\n    password: pw\n    ssl_mode: require\n    max_open_conns: 20\n',
    );
    expect(loadConfig({ file: yml, env: {}, cwd: dir }).config.database).toMatchObject({
      type: 'postgresql',
      host: 'db.internal',
      port: 5433,
      db_name: 'harbor',
      username: 'harbor',
      password: 'pw',
      sslmode: 'require',
      max_open_conns: 20,
    });
  });

  test("Harbor's connection pool keys are read, with 0 as no limit, and a bad one is named", () => {
    const yml = file('harbor.yml', 'database:\n  max_open_conns: 30\n  max_idle_conns: 5\n  conn_max_lifetime: 5m\n  conn_max_idle_time: 0\n');
    expect(loadConfig({ file: yml, env: {}, cwd: dir }).config.database).toMatchObject({
      max_open_conns: 30,
      max_idle_conns: 5,
      conn_max_lifetime: 300_000,
      conn_max_idle_time: 0,
    });
    const bad = file('bad.yml', 'database:\n  max_idle_conns: -1\n  conn_max_lifetime: soon\n');
    expect(problemsOf(() => loadConfig({ file: bad, env: {}, cwd: dir })).sort()).toEqual([
      'bad.yml: database.conn_max_lifetime: how long a connection may be used before it is replaced: a duration such as 30s, 15m, 24h or 7d, or 0 for no limit, got "soon"',
      'bad.yml: database.max_idle_conns: how many idle connections to keep open, 0 or more (default: max_open_conns), got -1',
    ]);
  });

  test('https and external_url shape the external URL', () => {
    const yml = file('harbor.yml', 'hostname: reg.example.com\nhttps:\n  port: 8443\n  certificate: c.pem\n  private_key: k.pem\n');
    const { config } = loadConfig({ file: yml, env: {}, cwd: dir });
    expect(config.external_url).toBe('https://reg.example.com:8443');
    expect(config.https?.certificate).toBe(path.join(dir, 'c.pem'));
  });
});
