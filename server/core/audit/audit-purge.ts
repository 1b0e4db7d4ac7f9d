/**
 * The audit log purge (Harbor's PURGE_AUDIT_LOG job) with Harbor's parameters:
 * audit_retention_hour (rows older than this many hours go), include_event_types (comma
 * separated `<operation>_<resource type>`; only those go, none when empty) and dry_run (count
 * only). Without audit_retention_hour, the audit_log_retention_days setting decides, over every
 * event type (0 days keeps everything): the default hourly schedule runs that way.
 */
import { sql } from 'kysely';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import type { TaskLog } from '../jobs/job-types.js';
import { AUDIT_EVENT_TYPES } from './audit-events.js';
import { SYSTEM_OPERATOR } from './audit.service.js';

export interface PurgeParameters {
  /** Undefined: from the audit_log_retention_days setting. */
  audit_retention_hour?: number;
  include_event_types: string;
  dry_run: boolean;
}

const MAX_HOURS = 24 * 365 * 100;

export function purgeParameters(raw: Record<string, unknown> = {}): PurgeParameters {
  const hours = raw.audit_retention_hour;
  if (hours !== undefined && (!Number.isInteger(Number(hours)) || Number(hours) < 1 || Number(hours) > MAX_HOURS)) {
    throw invalid(`Keep records for must be a whole number of hours from 1 to ${MAX_HOURS}; it is ${JSON.stringify(hours)}.`, 'parameters.audit_retention_hour');
  }
  const types = raw.include_event_types === undefined ? AUDIT_EVENT_TYPES.join(',') : String(raw.include_event_types);
  const unknown = splitTypes(types).filter((t) => !(AUDIT_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length) {
    throw invalid(`Event types ${unknown.join(', ')} are not audit log event types (${AUDIT_EVENT_TYPES.join(', ')}).`, 'parameters.include_event_types');
  }
  const dry = raw.dry_run;
  if (dry !== undefined && typeof dry !== 'boolean' && dry !== 'true' && dry !== 'false') throw invalid('Dry run must be true or false.', 'parameters.dry_run');
  return {
    ...(hours !== undefined ? { audit_retention_hour: Number(hours) } : {}),
    include_event_types: splitTypes(types).join(','),
    dry_run: dry === true || dry === 'true',
  };
}

const splitTypes = (text: string) => [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];

/** Deletes (or counts, in a dry run) the rows the parameters select; audits a real purge. */
export async function purgeAudit(ctx: Pick<CoreContext, 'db' | 'settings' | 'audit'>, params: PurgeParameters, log: TaskLog): Promise<{ purged: number }> {
  const hours = params.audit_retention_hour ?? (await ctx.settings.get('audit_log_retention_days')) * 24;
  const types = splitTypes(params.include_event_types);
  if (hours <= 0 || types.length === 0) {
    log.info(hours <= 0 ? 'audit log retention is 0 (keep everything): nothing to purge' : 'no event types included: nothing to purge');
    return { purged: 0 };
  }
  const cutoff = new Date(Date.now() - hours * 3_600_000).toISOString();
  const eventType = sql<string>`operation || '_' || resource_type`;
  log.info(`${params.dry_run ? 'dry run: counting' : 'purging'} audit log records older than ${hours} hours (before ${cutoff}) of event types ${types.join(', ')}`);
  return inTransaction(ctx.db, async (trx) => {
    const selected = trx.selectFrom('audit_logs').where('op_time', '<', cutoff).where(eventType, 'in', types);
    if (params.dry_run) {
      const { n } = await selected.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      log.info(`dry run: ${Number(n)} records would be purged`);
      return { purged: Number(n) };
    }
    const result = await trx.deleteFrom('audit_logs').where('op_time', '<', cutoff).where(eventType, 'in', types).executeTakeFirst();
    const purged = Number(result.numDeletedRows);
    if (purged > 0) {
      await ctx.audit.write(trx, {
        operation: 'purge',
        resourceType: 'audit_log',
        resource: 'audit_log',
        description: `purge audit log: ${purged} entries older than ${hours} hours (before ${cutoff}) of ${types.length} event types`,
        username: SYSTEM_OPERATOR,
        at: isoNow(),
      });
    }
    log.info(`purged ${purged} records`);
    return { purged };
  });
}
