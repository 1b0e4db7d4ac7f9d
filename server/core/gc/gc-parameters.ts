/**
 * GC's parameters as Harbor's API takes them (Schedule.parameters): dry_run, delete_untagged,
 * workers (1 to 10), and time_window in hours (Harbor's GC_TIME_WINDOW_HOURS, 2 by default);
 * Berth adds full_check, the explicit walk of the store.
 */
import { invalid } from '../../lib/errors.js';

export interface GcParameters {
  dry_run: boolean;
  delete_untagged: boolean;
  workers: number;
  time_window: number;
  full_check: boolean;
  /**
   * Berth, for tests of the race THE RULE guards against: waits this long (at most 30 s) after
   * choosing each page of candidates, before deciding about them. 0 by default.
   */
  decision_delay_ms: number;
}

export const DEFAULT_TIME_WINDOW_HOURS = 2;

function flag(raw: Record<string, unknown>, key: string, label: string): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalid(`${label} must be true or false.`, `parameters.${key}`);
}

/** Checks and completes parameters from a request or a saved schedule; INVALID names the field. */
export function gcParameters(raw: Record<string, unknown> = {}): GcParameters {
  const workers = raw.workers === undefined ? 1 : Number(raw.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 10) {
    throw invalid(`Workers must be a whole number from 1 to 10; it is ${JSON.stringify(raw.workers)}.`, 'parameters.workers');
  }
  const window = raw.time_window === undefined ? DEFAULT_TIME_WINDOW_HOURS : Number(raw.time_window);
  if (!Number.isFinite(window) || window < 0 || window > 24 * 365) {
    throw invalid(`Time window must be a number of hours from 0 to 8760; it is ${JSON.stringify(raw.time_window)}.`, 'parameters.time_window');
  }
  return {
    dry_run: flag(raw, 'dry_run', 'Dry run'),
    delete_untagged: flag(raw, 'delete_untagged', 'Delete untagged artifacts'),
    workers,
    time_window: window,
    full_check: flag(raw, 'full_check', 'Full consistency check'),
    decision_delay_ms: Math.min(Math.max(Number(raw.decision_delay_ms) || 0, 0), 30_000),
  };
}
