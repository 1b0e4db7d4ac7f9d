import { afterEach, expect, test, vi } from 'vitest';
import { runPeriodically } from './periodic.js';

const DAY_MS = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

test('a period longer than setTimeout allows (30d) waits, instead of running every millisecond', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  let runs = 0;
  const periodic = runPeriodically(30 * DAY_MS, () => Promise.resolve(runs++), { firstDelayMs: 30 * DAY_MS, onError: () => undefined });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await periodic.stop();
  process.off('warning', onWarning);
  expect(runs).toBe(0);
  expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
});

test('a long period still runs when it is due, and again one period later', async () => {
  vi.useFakeTimers();
  let runs = 0;
  const periodic = runPeriodically(30 * DAY_MS, () => Promise.resolve(runs++), { firstDelayMs: 30 * DAY_MS, onError: () => undefined });
  await vi.advanceTimersByTimeAsync(29 * DAY_MS);
  expect(runs).toBe(0);
  await vi.advanceTimersByTimeAsync(2 * DAY_MS);
  expect(runs).toBe(1);
  await vi.advanceTimersByTimeAsync(30 * DAY_MS);
  expect(runs).toBe(2);
  await periodic.stop();
});
