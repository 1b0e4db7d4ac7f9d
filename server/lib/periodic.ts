/**
 * Background work on a timer inside a process: runs `task` after `firstDelayMs`, then every
 * `everyMs`, never two runs at once. A failed run is reported through `onError` and the next
 * one still happens. `stop()` cancels the timer and waits for a run in progress.
 */
export interface Periodic {
  stop(): Promise<void>;
}

/** setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days): longer waits are chained. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function runPeriodically(
  everyMs: number,
  task: () => Promise<unknown>,
  options: { firstDelayMs?: number; onError: (err: unknown) => void },
): Periodic {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    if (running) return;
    running = task()
      .then(() => undefined, options.onError)
      .finally(() => (running = null));
  };
  // The next run is due everyMs after this one started; a long pause does not queue up runs.
  const arm = (due: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        if (Date.now() < due) return arm(due);
        run();
        arm(Date.now() + everyMs);
      },
      Math.min(Math.max(due - Date.now(), 0), MAX_TIMER_MS),
    );
    timer.unref();
  };
  arm(Date.now() + (options.firstDelayMs ?? 0));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
