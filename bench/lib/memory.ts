/** Resident memory of a process, sampled from /proc: its peak while work runs, and after. */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface Sampled<T> {
  result: T;
  peakRssBytes: number;
  /** Resident memory `settleMs` after the work ended, with the process left alone (0 when not measured). */
  settledRssBytes: number;
}

export async function withPeakRss<T>(pid: number, work: () => Promise<T>, settleMs = 0): Promise<Sampled<T>> {
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  const result = await work().finally(() => clearInterval(timer));
  peak = Math.max(peak, rssBytes(pid));
  if (settleMs > 0) await sleep(settleMs);
  return { result, peakRssBytes: peak, settledRssBytes: settleMs > 0 ? rssBytes(pid) : 0 };
}

/** Berth server processes this process started (server/testing/server-process.ts spawns them directly). */
function berthChildren(): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync('/proc/self/task')) {
      for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
        try {
          if (/dist\/server\/main\.js\0serve\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) pids.push(Number(pid));
        } catch {
          // It ended meanwhile.
        }
      }
    }
  } catch {
    // No /proc (not Linux): nothing to watch.
  }
  return pids;
}

/**
 * The peak resident memory of any Berth server the bench runs, by named section of the run: the
 * workloads that have no memory row of their own (replication, GC, object storage, SBOM) are
 * held to the same ceiling this way.
 */
export function watchBerthPeaks(intervalMs = 100) {
  const peaks = new Map<string, number>();
  let section = '';
  const timer = setInterval(() => {
    for (const pid of berthChildren()) peaks.set(section, Math.max(peaks.get(section) ?? 0, rssBytes(pid)));
  }, intervalMs);
  timer.unref();
  return {
    /** Peaks from now on count towards `name`. */
    section: (name: string) => void (section = name),
    peaks: () => new Map(peaks),
    stop: () => clearInterval(timer),
  };
}
