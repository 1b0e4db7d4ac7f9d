/** The `berth` command line, run as operators run it: the compiled program in a child process. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, inject, test } from 'vitest';
import { createTestDatabase, DIALECTS } from '../testing/dialects.js';
import { basic, runCli, startServer } from '../testing/server-process.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'berth-cli-'));
const cleanEnv = { BERTH_CONFIG: '', BERTH_HTTP_PORT: '', BERTH_DATA_VOLUME: '' };

describe('berth CLI', () => {
  test('--help works for the program and every command', async () => {
    for (const args of [[], ['serve'], ['prepare'], ['migrate'], ['migrate', 'up'], ['migrate', 'status'], ['migrate', 'backup'], ['migrate', 'restore'], ['admin', 'reset-password']]) {
      const result = await runCli([...args, '--help']);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: berth/);
    }
  });

  test('usage errors (an unknown option, a missing argument) exit 2', async () => {
    for (const args of [['migrate', 'up', '--bogus'], ['migrate', 'restore'], ['no-such-command']]) {
      const result = await runCli(args, { env: cleanEnv });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^error: /m);
    }
  });

  test('commands print the configuration warnings; checks on a data volume without a database create none', async () => {
    const dir = tmp();
    const db = path.join(dir, 'data', 'database', 'berth.db');
    writeFileSync(path.join(dir, 'harbor.yml'), `data_volume: ${dir}/data\nmystery: 2\n`);
    const test = await runCli(['migrate', 'test'], { cwd: dir, env: cleanEnv });
    expect(test.status).toBe(1);
    expect(test.stderr).toContain('harbor.yml: mystery: not a key Berth knows; ignored');
    expect(test.stderr).toContain(`berth: there is no database at ${db} yet; berth migrate up or berth serve creates it`);
    const status = await runCli(['migrate', 'status'], { cwd: dir, env: cleanEnv });
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^pending {2}2026_11_29_0001_foundation$/m);
    expect(status.stdout).toContain(`There is no database at ${db} yet`);
    expect(status.stderr.match(/mystery/g)).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
  });

  test('a malformed harbor.yml prints each problem on its own line, exits 2, and touches no data', async () => {
    const dir = tmp();
    const data = path.join(dir, 'data');
    writeFileSync(
      path.join(dir, 'harbor.yml'),
      `http:\n  port: 99999\ndata_volume: ${data}\nlog:\n  level: verbose\ndatabase:\n  max_open_conns: none\n`,
    );
    for (const command of [['serve'], ['prepare'], ['migrate', 'up'], ['admin', 'reset-password', 'admin']]) {
      const result = await runCli(command, { cwd: dir, env: cleanEnv, input: 'Passw0rdX\n' });
      expect(result.status, command.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n').sort()).toEqual([
        'harbor.yml: database.max_open_conns: the connection pool size, at least 1, got "none"',
        'harbor.yml: http.port: a port number from 1 to 65535 (0 picks a free one), got 99999',
        'harbor.yml: log.level: one of debug, info, warning, error, fatal, got "verbose"',
      ]);
      expect(existsSync(data)).toBe(false);
    }
  });

  test('an invalid initial_settings value is a configuration error too', async () => {
    const dir = tmp();
    writeFileSync(
      path.join(dir, 'harbor.yml'),
      `data_volume: ${dir}/data\ninitial_settings:\n  ldap_scope: 7\n  email_port: "25"\n  email_password: 7\n  colour: blue\n`,
    );
    const result = await runCli(['serve'], { cwd: dir, env: cleanEnv });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^harbor\.yml: initial_settings\.ldap_scope: one of 0, 1, 2, got 7$/m);
    expect(result.stderr).toMatch(/^harbor\.yml: initial_settings\.email_port: a whole number from 1 to 65535, got "25"$/m);
    expect(result.stderr).toMatch(/^harbor\.yml: initial_settings\.email_password: text of at most 1024 characters, got \(a hidden value\)$/m);
    expect(result.stderr).toMatch(/^harbor\.yml: initial_settings\.colour: colour is not a configuration item\.$/m);
  });

  test('prepare creates the token key, its certificate and the secret key with mode 0600, and never overwrites them', async () => {
    const dir = tmp();
    const data = path.join(dir, 'data');
    const env = { ...cleanEnv, BERTH_DATA_VOLUME: data };
    const first = await runCli(['prepare'], { cwd: dir, env });
    expect(first.status).toBe(0);
    const key = path.join(data, 'secret', 'core', 'private_key.pem');
    const cert = path.join(data, 'secret', 'registry', 'root.crt');
    const secret = path.join(data, 'secret', 'keys', 'secretkey');
    for (const file of [key, cert, secret]) expect(first.stdout).toContain(`Created ${file}`);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(cert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const before = [key, cert, secret].map((f) => readFileSync(f, 'utf8'));

    const second = await runCli(['prepare'], { cwd: dir, env });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/nothing changed/);
    expect([key, cert, secret].map((f) => readFileSync(f, 'utf8'))).toEqual(before);
  });

  test('prepare --from-cfg writes harbor.yml from a Harbor 1.x harbor.cfg and lists the runtime settings', async () => {
    const dir = tmp();
    writeFileSync(
      path.join(dir, 'harbor.cfg'),
      `hostname = reg.example.com\nui_url_protocol = http\nemail_server = smtp.example.com\nauth_mode = db_auth\nself_registration = on\nlog_rotate_count = 7\nmax_job_workers = 3\n`,
    );
    const out = path.join(dir, 'harbor.yml');
    const result = await runCli(['prepare', '--from-cfg', 'harbor.cfg', '--out', out], {
      cwd: dir,
      env: { ...cleanEnv, BERTH_DATA_VOLUME: path.join(dir, 'data') },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Wrote ${out} from harbor.cfg.`);
    expect(result.stdout).toMatch(/became runtime settings/);
    for (const key of ['email_server', 'auth_mode', 'self_registration']) expect(result.stdout).toMatch(new RegExp(`^  ${key}$`, 'm'));
    const yml = readFileSync(out, 'utf8');
    expect(yml).toMatch(/hostname: reg\.example\.com/);
    expect(yml).toMatch(/max_job_workers: 3/);
    expect(yml).toMatch(/email_host: smtp\.example\.com/);
    const again = await runCli(['prepare', '--from-cfg', 'harbor.cfg', '--out', out], { cwd: dir, env: cleanEnv });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
  });

  test('migrate status lists pending migrations, migrate up applies them, migrate test reaches the database', async () => {
    const dir = tmp();
    const env = { ...cleanEnv, BERTH_DATA_VOLUME: path.join(dir, 'data') };
    const before = await runCli(['migrate', 'status'], { cwd: dir, env });
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/^database: sqlite$/m);
    expect(before.stdout).toMatch(/^pending {2}2026_11_29_0001_foundation$/m);
    const up = await runCli(['migrate', 'up'], { cwd: dir, env });
    expect(up.stdout).toMatch(/^applied 2026_11_29_0001_foundation$/m);
    const after = await runCli(['migrate', 'status'], { cwd: dir, env });
    expect(after.stdout).toMatch(/^applied {2}2026_11_29_0001_foundation {2}\d{4}-/m);
    expect(after.stdout).toMatch(/The schema is up to date\./);
    expect((await runCli(['migrate', 'test'], { cwd: dir, env })).stdout).toMatch(/The sqlite database answers\./);

    const backup = await runCli(['migrate', 'backup', '--out', path.join(dir, 'before.db')], { cwd: dir, env });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up the sqlite database to .*before\.db \(\d+ bytes\)\.$/m);
    const restore = await runCli(['migrate', 'restore', path.join(dir, 'before.db')], { cwd: dir, env });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored the sqlite database from/);
    const wrong = await runCli(['migrate', 'restore', path.join(dir, 'harbor.cfg.missing')], { cwd: dir, env });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^berth: .*harbor\.cfg\.missing does not exist$/m);
  });

  test.each(DIALECTS)('migrate restore refuses while a server uses the %s database, and works once it stopped', async (dialect) => {
    const testDb = dialect === 'postgresql' ? await createTestDatabase('postgresql') : undefined;
    const env: Record<string, string> = testDb ? { BERTH_DATABASE_URL: testDb.url! } : {};
    const server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), env });
    const file = path.join(server.dir, 'before.backup');
    try {
      const backup = await runCli(['migrate', 'backup', '--out', file, '--config', server.configFile], { env });
      expect(backup.status, backup.stderr).toBe(0);
      const refused = await runCli(['migrate', 'restore', file, '--config', server.configFile], { env });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^berth: a Berth server .*is using .*; stop every Berth server before restoring, nothing was restored$/m);
      expect(await server.stop()).toBe(0);
      const restored = await runCli(['migrate', 'restore', file, '--config', server.configFile], { env });
      expect(restored.status, restored.stderr).toBe(0);
    } finally {
      await server.stop();
      await server.cleanup();
      await testDb?.drop();
    }
  });

  test('a database migrated by a newer Berth stops status, up and serve with a sentence', async () => {
    const dir = tmp();
    const data = path.join(dir, 'data');
    const env = { ...cleanEnv, BERTH_DATA_VOLUME: data, BERTH_HTTP_PORT: '0' };
    expect((await runCli(['migrate', 'up'], { cwd: dir, env })).status).toBe(0);
    const db = new SQLite(path.join(data, 'database', 'berth.db'));
    db.prepare("insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01')").run();
    db.close();
    for (const command of [['migrate', 'status'], ['migrate', 'up'], ['serve']]) {
      const result = await runCli(command, { cwd: dir, env });
      expect(result.status, command.join(' ')).toBe(1);
      expect(result.stderr, command.join(' ')).toContain(
        'berth: The database was migrated by a newer Berth (unknown migration 2099_01_01_0001_future); run that version or restore a backup.',
      );
    }
  });

  test('serve names the key and the file for bad TLS files, a foreign bind address and an unwritable data volume, before writing anything', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'afile'), 'a file where a directory should be');
    writeFileSync(path.join(dir, 'key.pem'), 'not a key');
    writeFileSync(
      path.join(dir, 'harbor.yml'),
      `http:\n  bind_address: 192.0.2.1\nhttps:\n  port: 0\n  certificate: ${dir}/cert.pem\n  private_key: ${dir}/key.pem\ndata_volume: ${dir}/afile/data\n`,
    );
    const result = await runCli(['serve'], { cwd: dir, env: cleanEnv });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      `harbor.yml: data_volume: cannot write to ${dir}/afile/data (a part of the path is not a directory)`,
      'harbor.yml: http.bind_address: 192.0.2.1 is not an address of this machine',
      `harbor.yml: https.certificate: cannot read ${dir}/cert.pem (no such file)`,
      `harbor.yml: https.private_key: ${dir}/key.pem is not a PEM private key (or it has a passphrase)`,
    ]);
  });

  test('serve refuses a damaged token signing key before it creates the database', async () => {
    const dir = tmp();
    const data = path.join(dir, 'data');
    const key = path.join(data, 'secret', 'core', 'private_key.pem');
    mkdirSync(path.dirname(key), { recursive: true });
    writeFileSync(key, 'garbage');
    const result = await runCli(['serve'], { cwd: dir, env: { ...cleanEnv, BERTH_DATA_VOLUME: data, BERTH_HTTP_PORT: '0' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^berth: ${key} is not a PEM private key; restore it from a backup`, 'm'));
    expect(existsSync(path.join(data, 'database', 'berth.db'))).toBe(false);
  });

  test('admin reset-password takes the new password from stdin; the old one stops working', async () => {
    const server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    try {
      const auth = (password: string) =>
        fetch(`${server.url}/api/v2.0/systeminfo`, { headers: { authorization: basic('admin', password) } }).then((r) => r.status);
      expect(await auth('Harbor12345')).toBe(200);
      const weak = await runCli(['admin', 'reset-password', 'admin', '--config', server.configFile], { input: 'weak\n' });
      expect(weak.status).toBe(2);
      expect(weak.stderr).toMatch(/at least one upper case letter|8 to 128 characters/);
      const unknown = await runCli(['admin', 'reset-password', 'ghost', '--config', server.configFile], { input: 'N3wPassword\n' });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/user ghost not found/);
      const ok = await runCli(['admin', 'reset-password', 'admin', '--config', server.configFile], { input: 'N3wPassword\n' });
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/The password of admin was changed/);
      expect(await auth('Harbor12345')).toBe(401);
      expect(await auth('N3wPassword')).toBe(200);
    } finally {
      await server.stop();
      await server.cleanup();
    }
  });
});
