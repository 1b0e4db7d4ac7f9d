/**
 * Checks made before `serve` touches any data: the TLS files, the listening address and the data
 * volume. Each of these failed later with text that named neither the key nor the file
 * (ENOENT, OpenSSL's "PEM routines::no start line", EADDRNOTAVAIL, "unable to open database
 * file"), and only after migrations had run. They are configuration problems: ConfigError,
 * one line per problem naming the key and the path, exit status 2.
 */
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { ConfigError, type LoadedConfig } from './config/load.js';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** An operating-system error in a few words, without its stack or syscall name. */
export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err));
}

function readTls(https: NonNullable<LoadedConfig['config']['https']>, problem: (line: string) => void): TlsFiles | undefined {
  const read = (key: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      problem(`${key}: cannot read ${file} (${reasonOf(err)})`);
      return undefined;
    }
  };
  const cert = read('https.certificate', https.certificate);
  const key = read('https.private_key', https.private_key);
  // Each is parsed alone first, so the message can say which file is wrong.
  const parses = (options: { cert?: Buffer; key?: Buffer }) => {
    try {
      createSecureContext(options);
      return true;
    } catch {
      return false;
    }
  };
  const certOk = cert !== undefined && parses({ cert });
  const keyOk = key !== undefined && parses({ key });
  if (cert && !certOk) problem(`https.certificate: ${https.certificate} is not a PEM certificate`);
  if (key && !keyOk) problem(`https.private_key: ${https.private_key} is not a PEM private key (or it has a passphrase)`);
  if (!certOk || !keyOk) return undefined;
  if (!parses({ cert, key })) {
    problem(`https.private_key: ${https.private_key} does not belong to the certificate ${https.certificate}`);
    return undefined;
  }
  return { cert: cert!, key: key! };
}

/** Binds a throwaway listener to the address: says at once whether the address exists here. */
function probeAddress(host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRNOTAVAIL') resolve(`${host} is not an address of this machine`);
      else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') resolve(`${host} is not an address or a known host name`);
      // Other failures (EACCES on the real port, EADDRINUSE) are reported by the real listen.
      else resolve(null);
    });
    server.listen(0, host, () => server.close(() => resolve(null)));
  });
}

function writableDirectory(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write to ${dir} (${reasonOf(err)})`;
  }
}

export async function preflight(loaded: LoadedConfig): Promise<{ tls: TlsFiles | undefined }> {
  const { config } = loaded;
  const label = loaded.file ? path.basename(loaded.file) : 'harbor.yml';
  const problems: string[] = [];
  const problem = (line: string) => problems.push(`${label}: ${line}`);

  const tls = config.https ? readTls(config.https, problem) : undefined;
  const address = await probeAddress(config.http.bind_address);
  if (address) problem(`http.bind_address: ${address}`);
  const volume = writableDirectory(config.data_volume);
  if (volume) problem(`data_volume: ${volume}`);
  else if (config.database.type === 'sqlite') {
    const database = writableDirectory(path.dirname(config.database.path));
    if (database) problem(`database.path: ${database}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return { tls };
}
