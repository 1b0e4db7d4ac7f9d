/**
 * One pino logger per component (the seed's harbor-log collector, without the container):
 * each writes JSON lines to stdout and to <log location>/<component>.log, rotated by size
 * (log.local.rotate_size) keeping log.local.rotate_count old files (core.log.1, core.log.2, ...).
 */
import { mkdirSync, unlinkSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { LineBatcher } from './line-batcher.js';

export const COMPONENTS = ['core', 'registry', 'token', 'jobservice', 'db'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface LogSettings {
  /** Harbor's names: debug, info, warning, error, fatal. */
  level: string;
  location: string;
  rotateCount: number;
  rotateSize: number;
  /** Also write to stdout (default true). */
  stdout?: boolean;
}

export type Loggers = Record<Component, Logger> & {
  /**
   * The access line's loggers: the same files, without redaction. The line names its fields one
   * by one (http/access-log.ts), and redaction parses its 14 paths on every call: at thousands of
   * requests a second that was a third of everything the server allocated.
   */
  requests: Record<Component, Logger>;
  /** Flushes and closes every file; call once, at shutdown. */
  close(): Promise<void>;
};

const PINO_LEVEL: Record<string, pino.Level> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * A safety net: log calls never pass these on purpose (the access line names its fields one by
 * one), but a stray object with a credential in it is censored rather than written.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

function openFile(location: string, component: Component, settings: LogSettings): RotatingFileStream {
  const stream = createStream(`${component}.log`, {
    path: location,
    size: `${Math.max(1, Math.ceil(settings.rotateSize / 1024))}K`,
    // rotate: N keeps N old files with the classic .1 .. .N names. The library needs N >= 1, so
    // rotate_count 0 (keep none, as logrotate's "rotate 0") deletes the rotated file at once.
    rotate: Math.max(1, settings.rotateCount),
  });
  if (settings.rotateCount === 0) {
    stream.on('rotated', (rotated: string) => {
      try {
        unlinkSync(rotated);
      } catch {
        // Already gone: nothing to keep either way.
      }
    });
  }
  stream.on('error', (err) => process.stderr.write(`cannot write ${component}.log: ${String(err)}\n`));
  return stream;
}

export function createLoggers(settings: LogSettings): Loggers {
  mkdirSync(settings.location, { recursive: true });
  const level = PINO_LEVEL[settings.level] ?? 'info';
  // Lines are gathered into 4 KiB writes (one system call per line cost more than a small
  // request), and whatever is waiting goes out every 100 ms, so stdout never lags behind.
  const stdout = settings.stdout === false ? null : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const flusher = stdout && setInterval(() => stdout.flush(), 100);
  flusher?.unref();
  const files: LineBatcher[] = [];
  const loggers = {} as Record<Component, Logger>;
  const requests = {} as Record<Component, Logger>;
  for (const component of COMPONENTS) {
    const file = new LineBatcher(openFile(settings.location, component, settings), (count) => droppedLine(component, count));
    files.push(file);
    const streams: pino.StreamEntry[] = [{ level, stream: file }];
    if (stdout) streams.push({ level, stream: stdout });
    const destination = pino.multistream(streams);
    const options: pino.LoggerOptions = {
      level,
      base: { component },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    };
    loggers[component] = pino({ ...options, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
    requests[component] = pino(options, destination);
  }
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= Promise.all([
      Promise.resolve(flusher && clearInterval(flusher)),
      ...files.map((f) => f.end()),
      new Promise<void>((resolve) => (stdout ? stdout.flush(() => resolve()) : resolve())),
    ]).then(() => undefined));
  return Object.assign(loggers, { requests, close });
}

/** The line a component's log gets in place of lines it had to drop (pino's shape, so readers of the file parse it). */
function droppedLine(component: Component, count: number): string {
  const line = { level: 'warn', time: new Date().toISOString(), component, msg: `${count} log lines were dropped: the log file could not be written fast enough` };
  return `${JSON.stringify(line)}\n`;
}

/** Loggers that write nothing: for CLI commands and unit tests that need the type. */
export function silentLoggers(): Loggers {
  const silent = pino({ level: 'silent' });
  const loggers = Object.fromEntries(COMPONENTS.map((c) => [c, silent])) as Record<Component, Logger>;
  return Object.assign(loggers, { requests: { ...loggers }, close: () => Promise.resolve() });
}
