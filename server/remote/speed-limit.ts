/**
 * A token bucket over bytes: a task's speed limit (KB/s, Harbor's `speed`). A copy asks for
 * the bytes it is about to send and waits until the bucket has them; the bucket holds at most
 * one second's worth, so a pause never turns into a burst above the limit.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  private readonly rate: number;
  private tokens: number;
  private last = Date.now();

  constructor(kilobytesPerSecond: number) {
    this.rate = kilobytesPerSecond * 1024;
    this.tokens = this.rate;
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    let wanted = bytes;
    while (wanted > 0) {
      const now = Date.now();
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      // Large reads take what is there and wait for the rest, never more than the bucket holds.
      const granted = Math.min(wanted, Math.max(0, Math.floor(this.tokens)));
      this.tokens -= granted;
      wanted -= granted;
      if (wanted > 0) await sleep(Math.max(5, ((Math.min(wanted, this.rate) - this.tokens) / this.rate) * 1000), undefined, { signal });
    }
  }
}

/** 0, undefined or negative (Harbor's -1) mean unlimited. */
export const bucketFor = (kilobytesPerSecond: number | undefined) =>
  kilobytesPerSecond && kilobytesPerSecond > 0 ? new TokenBucket(kilobytesPerSecond) : undefined;
