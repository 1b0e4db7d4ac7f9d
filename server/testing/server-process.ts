/**
 * A real Berth server process for tests: the compiled `berth serve`, on a random loopback
 * port, with a temporary data directory that is removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { INSTALL_ROOT } from '../lib/package-info.js';
import { LAUNCH_NODE_FLAGS, launchEnv } from '../memory.js';

export const MAIN = path.join(INSTALL_ROOT, 'dist', 'server', 'main.js');

export interface ServerOptions {
  /** harbor.yml content, merged over the test defaults. */
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  /** A data volume whose secret/ is copied in, to skip key generation (see global-setup). */
  preparedDataVolume?: string;
  /** Reuse this directory (to restart on the same data); not removed by stop(). */
  dir?: string;
  /** Flags for node itself, such as --cpu-prof when profiling a benchmark. */
  nodeArgs?: string[];
}

export interface ServerProcess {
  url: string;
  port: number;
  dir: string;
  dataVolume: string;
  configFile: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends a signal and waits for the exit status. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Removes the temporary directory (after stop). */
  cleanup(): Promise<void>;
}

// Generous: on a shared, loaded machine (load average 30 on 2 cores) a start takes over 30 s.
const START_TIMEOUT_MS = 120_000;

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'berth-srv-')));
  const dataVolume = path.join(dir, 'data');
  if (options.preparedDataVolume) {
    await cp(path.join(options.preparedDataVolume, 'secret'), path.join(dataVolume, 'secret'), {
      recursive: true,
      force: false,
      errorOnExist: false,
    });
  }
  const configFile = path.join(dir, 'harbor.yml');
  const config = {
    hostname: '127.0.0.1',
    http: { port: 0, bind_address: '127.0.0.1', shutdown_timeout: '5s' },
    data_volume: dataVolume,
    ...options.config,
  };
  await writeFile(configFile, stringify(config));
  const child = spawn(process.execPath, [...LAUNCH_NODE_FLAGS, ...(options.nodeArgs ?? []), MAIN, 'serve', '--config', configFile], {
    cwd: dir,
    env: { ...launchEnv(process.env), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the newest output only: a benchmark's access lines would otherwise fill memory.
  let text = '';
  const keep = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > 4_000_000) text = text.slice(-2_000_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${text}`)), START_TIMEOUT_MS);
    const check = () => {
      const match = /"port":(\d+)[^\n]*"msg":"Berth is listening"/.exec(text);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with status ${code} before listening:\n${text}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    dataVolume,
    configFile,
    child,
    output: () => text,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup: () => (options.dir ? Promise.resolve() : rm(dir, { recursive: true, force: true })),
  };
}

/** Runs the compiled `berth` CLI to completion. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.input ?? '');
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
