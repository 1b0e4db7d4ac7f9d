/** Resident memory of a process, sampled from /proc: its peak while work runs, and after. */
import { readFileSync } from 'node:fs';
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
