/**
 * Background work on a timer inside a process: runs `task` after `firstDelayMs`, then every
 * `everyMs`, never two runs at once. A failed run is reported through `onError` and the next
 * one still happens. `stop()` cancels the timer and waits for a run in progress.
 */
export interface Periodic {
  stop(): Promise<void>;
}

export function runPeriodically(
  everyMs: number,
  task: () => Promise<unknown>,
  options: { firstDelayMs?: number; onError: (err: unknown) => void },
): Periodic {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = task()
      .then(() => undefined, options.onError)
      .finally(() => (running = null));
  };
  const first = setTimeout(run, options.firstDelayMs ?? 0);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
