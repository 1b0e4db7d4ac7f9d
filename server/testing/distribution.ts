/**
 * A real CNCF Distribution (Debian's /usr/bin/docker-registry) for tests: on a free loopback
 * port with a temporary storage directory, without auth or with htpasswd Basic auth. Distribution
 * takes only bcrypt lines in its htpasswd file, made here with bcryptjs (`htpasswd` may be
 * missing, and `openssl passwd` writes apr1, which Distribution refuses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { stringify } from 'yaml';
import { freePort } from './free-port.js';

export const DISTRIBUTION_BINARY = '/usr/bin/docker-registry';

export interface DistributionOptions {
  /** With these, /v2 needs Basic credentials (htpasswd). */
  htpasswd?: { user: string; password: string };
}

export interface Distribution {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startDistribution(options: DistributionOptions = {}): Promise<Distribution> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-distribution-'));
  const port = await freePort();
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: path.join(dir, 'storage') }, delete: { enabled: true }, cache: { blobdescriptor: 'inmemory' } },
    http: { addr: `127.0.0.1:${port}`, secret: 'berth-test-secret' },
  };
  if (options.htpasswd) {
    const file = path.join(dir, 'htpasswd');
    const hash = bcrypt.hashSync(options.htpasswd.password, 4);
    await writeFile(file, `${options.htpasswd.user}:${hash}\n`);
    config.auth = { htpasswd: { realm: 'berth-test', path: file } };
  }
  const configFile = path.join(dir, 'config.yml');
  await writeFile(configFile, stringify(config));
  const child = spawn(DISTRIBUTION_BINARY, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited before listening:\n${text}`);
    const up = await fetch(`${url}/v2/`).then(
      (res) => res.status === 200 || res.status === 401,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start in time:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    dir,
    child,
    output: () => text,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
