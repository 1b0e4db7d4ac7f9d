/**
 * What makes a replication rule valid, by Harbor's rules (controller/replication/model Validate,
 * handler/replication.go), each refusal naming the field at fault: a name; exactly one end is
 * this Berth; valid filters and destination namespace; a trigger Harbor knows, with a 6-field
 * cron whose seconds are 0 and whose minutes are not `*` when scheduled; event-based only for
 * push rules (the events are this Berth's).
 */
import { Cron } from 'croner';
import { AppError, invalid } from '../../lib/errors.js';
import { filterProblem } from './filters.js';
import { isValidNamespace, MAX_REPLACE_COUNT } from './naming.js';
import { TRIGGER_TYPES, type PolicyFields } from './policy.repository.js';

/** Harbor's 6-field cron (seconds first); each field of digits, `*`, `?`, ranges, steps and lists, or a name. */
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (cron.trim() === '') return 'the cron string cannot be empty when the trigger type is scheduled';
  if (fields.length !== 6) return `invalid cron string for scheduled trigger: ${cron} (Harbor's cron has 6 fields: seconds minutes hours day-of-month month day-of-week)`;
  if (!fields.every((f) => CRON_FIELD.test(f))) return `invalid cron string for scheduled trigger: ${cron}`;
  if (fields[0] !== '0') return 'the 1st field (indicating Seconds of time) of the cron setting must be 0';
  if (fields[1] === '*') return '* is not allowed for the Minutes field of the cron setting of replication policy';
  // The job service's scheduler (croner, in UTC) must read it the same way.
  try {
    new Cron(cron, { paused: true, timezone: 'UTC' }).stop();
  } catch {
    return `invalid cron string for scheduled trigger: ${cron}`;
  }
  return null;
}

const CRON_FIELD_NAME = 'trigger.trigger_settings.cron';

/** Throws INVALID naming the field when the rule is not valid. */
export function checkPolicy(fields: PolicyFields): void {
  if (fields.name.trim() === '') throw invalid('name is required.', 'name');
  if (fields.name.length > 255) throw invalid('name is at most 255 characters.', 'name');
  const localSource = fields.srcRegistryId === null;
  const localDestination = fields.destRegistryId === null;
  if (localSource === localDestination) {
    throw invalid(
      'Either src_registry or dest_registry should be empty (this Berth) and the other one should not be empty.',
      localSource ? 'dest_registry' : 'src_registry',
    );
  }
  const problem = filterProblem(fields.filters);
  if (problem) throw invalid(problem.message, problem.field);
  if (fields.destNamespace !== '' && !isValidNamespace(fields.destNamespace)) {
    throw invalid(`invalid destination namespace: ${fields.destNamespace}`, 'dest_namespace');
  }
  const count = fields.destNamespaceReplaceCount;
  if (!Number.isInteger(count) || count < -1 || count > MAX_REPLACE_COUNT) {
    throw invalid(`dest_namespace_replace_count must be -1 (flatten all), 0 (keep the path) or the levels to strip, up to ${MAX_REPLACE_COUNT}.`, 'dest_namespace_replace_count');
  }
  if (!TRIGGER_TYPES.includes(fields.trigger.type)) {
    throw invalid(`invalid trigger type ${String(fields.trigger.type)}: manual, scheduled or event_based.`, 'trigger.type');
  }
  if (fields.trigger.type === 'scheduled') {
    const message = cronProblem(fields.trigger.cron);
    if (message) throw new AppError('INVALID', message, { field: CRON_FIELD_NAME });
  }
  if (fields.trigger.type === 'event_based') {
    if (!localSource) throw invalid('An event_based trigger needs this Berth as the source (a push rule).', 'trigger.type');
    if (fields.singleActiveReplication) {
      throw invalid('single active replication is not allowed for event_based triggers', 'single_active_replication');
    }
  }
  if (!Number.isInteger(fields.speed) || fields.speed < 0) throw invalid('speed is a whole number of KB/s, 0 for no limit.', 'speed');
}
