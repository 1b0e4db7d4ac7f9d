/**
 * Fires cron schedules. Every process looks for due schedules each tick; the one whose update
 * moves next_fire_at on from the value it read fires (the others' updates match no row), so a
 * schedule fires once per due time however many processes run. Firings missed while no process
 * ran are caught up with one firing, not one per missed time.
 */
import type { Kysely } from 'kysely';
import { SCHEDULER_QUEUE, type ScheduleCallback } from '../core/jobs/job-types.js';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { isoNow } from '../lib/time.js';
import { nextFiring } from './cron.js';
import { pausedJobTypes } from './pool.repository.js';
import { claimFiring, dueSchedules } from './schedule.repository.js';


export class Scheduler {
  private readonly callbacks = new Map<string, ScheduleCallback>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly tickMs: number,
  ) {}

  register(vendorType: string, onFire: ScheduleCallback): void {
    this.callbacks.set(vendorType, onFire);
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn({ err }, 'scheduler: checking schedules failed'))
        .finally(() => {
          this.ticking = undefined;
          if (this.stopped) return;
          this.timer = setTimeout(loop, this.tickMs);
          this.timer.unref();
        });
    };
    this.timer = setTimeout(loop, Math.min(this.tickMs, 1000));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /** Fires what is due now; answers how many firings this process won. */
  async tick(now: Date = new Date()): Promise<number> {
    let fired = 0;
    // Paused like Harbor's SCHEDULER queue: firings stay due and one catches up on resume.
    if ((await pausedJobTypes(this.db)).has(SCHEDULER_QUEUE)) return 0;
    for (const schedule of await dueSchedules(this.db, isoNow(() => now.getTime()), [...this.callbacks.keys()])) {
      let next: string;
      try {
        next = nextFiring(schedule.cron, now).toISOString();
      } catch (err) {
        this.logger.warn({ err, schedule: schedule.id }, 'scheduler: a schedule has a cron that cannot fire');
        continue;
      }
      if (!(await claimFiring(this.db, schedule, next))) continue;
      fired++;
      const onFire = this.callbacks.get(schedule.vendor_type)!;
      this.logger.info({ vendorType: schedule.vendor_type, vendorId: schedule.vendor_id, next }, 'schedule fired');
      try {
        await onFire(schedule.vendor_id, JSON.parse(schedule.params) as Record<string, unknown>);
      } catch (err) {
        this.logger.error({ err, vendorType: schedule.vendor_type, vendorId: schedule.vendor_id }, 'a scheduled job could not start');
      }
    }
    return fired;
  }
}
