/**
 * A real S3-compatible server for tests: s3rver in its own process, on a random loopback port,
 * keeping its objects in a temporary directory, with one bucket made at start. Its fixed
 * credentials (S3RVER/S3RVER) are checked on every request, presigned URLs included.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port.js';

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The storage_service block of a harbor.yml using this server. */
  storageService(extra?: Record<string, unknown>): { s3: Record<string, unknown> };
  /** Stops the process and removes its directory (a second call is fine). */
  stop(): Promise<void>;
}

const S3RVER_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js');

export async function startS3Server(bucket = 'berth-test'): Promise<S3Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-s3-'));
  const port = await freePort();
  const child = spawn(process.execPath, [S3RVER_BIN, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', bucket], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, 15_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`s3rver did not start: ${errors}`, { cause: err });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    storageService: (extra = {}) => ({
      s3: { region: 'us-east-1', bucket, accesskey: 'S3RVER', secretkey: 'S3RVER', regionendpoint: endpoint, forcepathstyle: true, ...extra },
    }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
