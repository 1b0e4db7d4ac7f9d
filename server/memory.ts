/**
 * Keeping the served process's memory near what it needs (BENCHMARKS.md, "Memory under load").
 *
 * Under 32 connections the live heap stays near 40 MiB, but V8 sizes its heap for throughput:
 * after each full collection it lets the old generation grow to up to four times what survived,
 * so a manifest load left 130 MiB of old space holding 40 MiB of objects. And it gives nothing
 * back when the load stops: no allocation means no collection, so the garbage of the last burst
 * (and the pages holding it) stays until the next one.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Read by V8 at every collection, so setting them in a running process takes effect (sizes fixed
 * when the heap is made, such as --max-semi-space-size, do not; those go in NODE_OPTIONS).
 * --heap-growing-percent=50: the old generation may grow to 1.5 times what survived the last
 * full collection before the next one, instead of up to 4 times.
 */
export const DEFAULT_V8_FLAGS = '--heap-growing-percent=50';

/**
 * Flags node must be started with, because V8 reads them only when it makes the heap: a young
 * generation of 16 MiB (two 8 MiB semi-spaces) instead of up to 32 MiB took 15-30 MiB off the
 * peaks of bench workloads c and d (BENCHMARKS.md, "Memory under load"). Every launcher passes
 * them: `npm start` (package.json) and `bin/berth.mjs` (its first line) cannot import this, so
 * they repeat it; the test and bench launcher (server/testing/server-process.ts) uses this list.
 * NODE_OPTIONS or node's own command line can give another value.
 */
export const LAUNCH_NODE_FLAGS = ['--max-semi-space-size=8'];

/**
 * Environment glibc's malloc reads once, when the process starts (so, like LAUNCH_NODE_FLAGS,
 * every launcher sets it: package.json's start script, bin/berth.mjs's first line, and
 * server/testing/server-process.ts through launchEnv). 128 KiB is glibc's own default trim
 * threshold, but given explicitly it stays fixed: by default glibc raises its mmap and trim
 * thresholds (up to 32 and 64 MiB) the first time a large block is freed, after which buffers
 * of a few hundred KiB to a few MiB come from the heap, and pages freed after a load stay
 * resident. Fixed, such blocks are mapped and unmapped on their own and the heap's free top
 * goes back to the system: 10-30 MiB less resident memory after the bench's loads (BENCHMARKS.md,
 * "Memory after load").
 */
export const LAUNCH_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

/** `env` with LAUNCH_ENV's variables added where `env` does not set them (an operator's value wins). */
export function launchEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...LAUNCH_ENV, ...env };
}

/** LAUNCH_ENV's variables as this process got them, for the "Berth is listening" line (null: not set). */
export function mallocSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string | null> {
  return Object.fromEntries(Object.keys(LAUNCH_ENV).map((name) => [name, env[name] ?? null]));
}

/**
 * Applies BERTH_V8_FLAGS (default DEFAULT_V8_FLAGS; empty for V8's own defaults). A flag also
 * given to node itself (`node --heap-growing-percent=100 ...`) keeps node's value.
 */
export function applyV8Flags(env: NodeJS.ProcessEnv = process.env, execArgv = process.execArgv): string[] {
  const nameOf = (flag: string) => flag.split('=')[0]!.replace(/_/g, '-');
  const given = new Set(execArgv.map(nameOf));
  const flags = (env.BERTH_V8_FLAGS ?? DEFAULT_V8_FLAGS).split(/\s+/).filter((f) => f && !given.has(nameOf(f)));
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}

let collector: (() => void) | undefined;

/** A full collection, through the gc() that --expose-gc provides to contexts made after it. */
function collectGarbage(): void {
  if (!collector) {
    v8.setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}

export interface IdleCollection {
  /** Counts a request (the server's 'request' event). */
  onRequest(): void;
  stop(): void;
}

export interface IdleCollectionOptions {
  /** How often to look (ms). */
  intervalMs?: number;
  /** Growth of resident memory since the last collection that makes one worth its pause. */
  growthBytes?: number;
  /** Frees process-wide buffers that a collection should take too (the blob send pool). */
  release?: () => void;
  /** Told the resident memory before each collection (what it frees comes back gradually). */
  onCollected?: (rssBefore: number) => void;
}

/**
 * After a burst of requests, once a whole interval passes without one, runs a full collection
 * (tens of milliseconds for a 40 MiB heap) and, if the server is still quiet, a second one
 * FOLLOW_UP_MS later: V8 shrinks its young generation (32 MiB under load) only in a collection
 * that sees a low allocation rate over its last seconds, which the first one, just after the
 * burst, does not. Resident memory then returns near its idle figure. The same happens once
 * after start-up.
 */
const FOLLOW_UP_MS = 5000;

export function collectWhenIdle(options: IdleCollectionOptions = {}): IdleCollection {
  const { intervalMs = 1000, growthBytes = 16 * 1024 * 1024 } = options;
  let requests = 0;
  // None yet: the first quiet interval after start collects too (start-up garbage, and a young
  // generation grown while loading modules and migrating).
  let baseline: number | null = null;
  let followUpAt: number | null = null;
  const collect = () => {
    const before = process.memoryUsage.rss();
    options.release?.();
    collectGarbage();
    options.onCollected?.(before);
  };
  const timer = setInterval(() => {
    const quiet = requests === 0;
    requests = 0;
    if (!quiet) {
      followUpAt = null;
      return;
    }
    const rss = process.memoryUsage.rss();
    if (followUpAt !== null) {
      if (Date.now() < followUpAt) return;
      followUpAt = null;
    } else if (baseline !== null && rss < baseline + growthBytes) {
      // Pages freed by the last collection come back to the system gradually.
      baseline = Math.min(baseline, rss);
      return;
    } else {
      followUpAt = Date.now() + FOLLOW_UP_MS;
    }
    collect();
    baseline = process.memoryUsage.rss();
  }, intervalMs);
  timer.unref();
  return {
    onRequest: () => void requests++,
    stop: () => clearInterval(timer),
  };
}
