/**
 * The reference: CNCF Distribution (Debian's docker-registry, the registry Harbor ships), on a
 * free loopback port with filesystem storage in a temporary directory, no auth, deletes on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../server/testing/free-port.js';

export const REFERENCE_BINARY = '/usr/bin/docker-registry';

export interface RunningRegistry {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function referenceMissing(): string | null {
  if (existsSync(REFERENCE_BINARY)) return null;
  return 'The benchmark compares Berth with CNCF Distribution, which is not installed.\n' +
    'Install it with:  sudo apt-get install -y docker-registry   (or run scripts/install-test-deps.sh as root)';
}

export async function startReference(): Promise<RunningRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-ref-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  cache:',
      '    blobdescriptor: inmemory',
      '  filesystem:',
      `    rootdirectory: ${dir}/storage`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
    ].join('\n'),
  );
  const child = spawn(REFERENCE_BINARY, ['serve', config], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    name: 'distribution',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
