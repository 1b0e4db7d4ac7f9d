/** Peak resident memory of a process while a piece of work runs, sampled from /proc. */
import { readFileSync } from 'node:fs';

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakRssBytes: number }> {
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  try {
    const result = await work();
    peak = Math.max(peak, rssBytes(pid));
    return { result, peakRssBytes: peak };
  } finally {
    clearInterval(timer);
  }
}
