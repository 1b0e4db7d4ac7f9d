/**
 * Harbor's cron: six fields, seconds first (`0 0 * * * *` is every hour), evaluated in UTC (as
 * Harbor's containers run). Parsing is croner's; the check here names the field that is wrong.
 */
import { Cron } from 'croner';
import { AppError, invalid } from '../lib/errors.js';

const FIELDS = ['second', 'minute', 'hour', 'day of month', 'month', 'day of week'] as const;

function parse(pattern: string): Cron {
  return new Cron(pattern, { paused: true, timezone: 'UTC' });
}

/** The error message for a cron that is not valid, or undefined when it is. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6 || cron.trim() === '') {
    return `the cron "${cron}" must have 6 fields (second minute hour day-of-month month day-of-week), such as "0 0 * * * *"; it has ${cron.trim() ? fields.length : 0}`;
  }
  for (let i = 0; i < 6; i++) {
    const alone = fields.map((f, j) => (j === i ? f : j === 0 ? '0' : '*')).join(' ');
    try {
      parse(alone).stop();
    } catch {
      return `the ${FIELDS[i]} field "${fields[i]}" of the cron "${cron}" is not valid`;
    }
  }
  try {
    const job = parse(cron);
    const next = job.nextRun();
    job.stop();
    if (!next) return `the cron "${cron}" never fires`;
  } catch (err) {
    return `the cron "${cron}" is not valid: ${(err as Error).message}`;
  }
  return undefined;
}

/** Throws INVALID naming the cron's faulty field (and `field`, the request's, when given). */
export function checkCron(cron: string, field?: string): void {
  const problem = cronProblem(cron);
  if (problem) throw invalid(problem, field);
}

/** The first firing strictly after `after`. */
export function nextFiring(cron: string, after: Date): Date {
  const job = parse(cron);
  try {
    const next = job.nextRun(after);
    if (!next) throw new AppError('INVALID', `the cron "${cron}" never fires`);
    return next;
  } finally {
    job.stop();
  }
}

/**
 * A cron that fires every `ms` as closely as cron can say it (steps of seconds, minutes, hours
 * or days), for settings given as an interval (upload_purging.interval).
 */
export function cronEvery(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `*/${s} * * * * *`;
  const m = Math.round(s / 60);
  if (m < 60) return `0 */${m} * * * *`;
  const h = Math.round(m / 60);
  if (h < 24) return `0 0 */${h} * * *`;
  const d = Math.round(h / 24);
  return d === 1 ? '0 0 0 * * *' : `0 0 0 */${Math.min(d, 31)} * *`;
}
