/**
 * The rule form's values, their rules, and how they map to Harbor's ReplicationPolicy: filters
 * as {type, value, decoration}, the trigger with its cron, flattening as
 * dest_namespace_replace_count, the speed limit in KB/s (-1: none, as Harbor's portal sends it).
 */
import type { ReplicationFilter, ReplicationPolicy, ReplicationPolicyRequest } from '../../lib/replication-types';
import { z } from '../../lib/zod';
import { isPull } from './policy-text';

/** Harbor's choices for dest_namespace_replace_count. */
export const FLATTENING = [
  { value: '1', label: 'Flatten 1 level (a/b/c → namespace/b/c)' },
  { value: '0', label: 'No flattening (a/b/c → namespace/a/b/c)' },
  { value: '2', label: 'Flatten 2 levels (a/b/c → namespace/c)' },
  { value: '3', label: 'Flatten 3 levels' },
  { value: '-1', label: 'Flatten all levels (a/b/c → namespace/c)' },
] as const;

/** Harbor's 6-field cron: seconds minutes hours day-of-month month day-of-week. */
const CRON = /^\s*\S+(\s+\S+){5}\s*$/;

export const ruleSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(255, 'At most 255 characters.'),
    description: z.string().max(1024, 'At most 1024 characters.'),
    mode: z.enum(['push', 'pull']),
    registry_id: z.string().min(1, 'Choose a registry endpoint.'),
    name_filter: z.string().trim().max(512, 'At most 512 characters.'),
    tag_filter: z.string().trim().max(512, 'At most 512 characters.'),
    tag_decoration: z.enum(['matches', 'excludes']),
    /** Label names, separated by commas: the artifacts must carry all of them (or none, with excludes). */
    label_filter: z.string().trim().max(1024, 'At most 1024 characters.'),
    label_decoration: z.enum(['matches', 'excludes']),
    resource: z.enum(['', 'image', 'artifact']),
    dest_namespace: z
      .string()
      .trim()
      .max(255, 'At most 255 characters.')
      .regex(/^$|^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/, 'Use lower-case letters, digits and . _ - /, starting and ending with a letter or digit.'),
    flattening: z.enum(['-1', '0', '1', '2', '3']),
    trigger: z.enum(['manual', 'scheduled', 'event_based']),
    cron: z.string().trim(),
    replicate_deletion: z.boolean(),
    override: z.boolean(),
    speed: z.string().trim().regex(/^$|^[1-9][0-9]{0,8}$/, 'Enter a whole number of KB/s, or leave empty for no limit.'),
    enabled: z.boolean(),
  })
  .superRefine((input, ctx) => {
    if (input.trigger === 'scheduled' && !CRON.test(input.cron)) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'Enter six fields: seconds, minutes, hours, day of month, month, day of week (0 0 * * * * is every hour).' });
    }
    if (input.trigger === 'event_based' && input.mode === 'pull') {
      ctx.addIssue({ code: 'custom', path: ['trigger'], message: 'Only push-based rules can follow pushes and deletions as they happen.' });
    }
  });
export type RuleInput = z.infer<typeof ruleSchema>;

/** The form's labels, also used to say the server's refusals in the form's words. */
export const RULE_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  src_registry: 'Source registry',
  dest_registry: 'Destination registry',
  filters: 'Source resource filter',
  dest_namespace: 'Destination namespace',
  dest_namespace_replace_count: 'Flattening',
  trigger: 'Trigger mode',
  cron: 'Cron string',
  speed: 'Bandwidth',
  replicate_deletion: 'Delete remote resources when locally deleted',
};

/** Where a refusal naming a request field goes in the form. */
export const RULE_FIELD_OF: Record<string, keyof RuleInput> = {
  name: 'name',
  description: 'description',
  src_registry: 'registry_id',
  dest_registry: 'registry_id',
  dest_namespace: 'dest_namespace',
  dest_namespace_replace_count: 'flattening',
  trigger: 'trigger',
  cron: 'cron',
  speed: 'speed',
};

export const EMPTY_RULE: RuleInput = {
  name: '',
  description: '',
  mode: 'push',
  registry_id: '',
  name_filter: '',
  tag_filter: '',
  tag_decoration: 'matches',
  label_filter: '',
  label_decoration: 'matches',
  resource: '',
  dest_namespace: '',
  flattening: '1',
  trigger: 'manual',
  cron: '',
  replicate_deletion: false,
  override: true,
  speed: '',
  enabled: true,
};

/** "release, approved" as Harbor's label filter value: the names, without blanks or repeats. */
export const labelNames = (text: string) => [...new Set(text.split(',').map((name) => name.trim()).filter(Boolean))];

const filterValue = (filters: ReplicationFilter[], type: string) => filters.find((f) => f.type === type);

export function ruleFormOf(policy: ReplicationPolicy): RuleInput {
  const filters = policy.filters ?? [];
  const pull = isPull(policy);
  const tag = filterValue(filters, 'tag');
  const label = filterValue(filters, 'label');
  const resource = String(filterValue(filters, 'resource')?.value ?? '');
  const count = String(policy.dest_namespace_replace_count ?? -1);
  const trigger = policy.trigger?.type;
  return {
    name: policy.name,
    description: policy.description ?? '',
    mode: pull ? 'pull' : 'push',
    registry_id: String((pull ? policy.src_registry?.id : policy.dest_registry?.id) ?? ''),
    name_filter: String(filterValue(filters, 'name')?.value ?? ''),
    tag_filter: String(tag?.value ?? ''),
    tag_decoration: tag?.decoration === 'excludes' ? 'excludes' : 'matches',
    label_filter: Array.isArray(label?.value) ? label.value.join(', ') : '',
    label_decoration: label?.decoration === 'excludes' ? 'excludes' : 'matches',
    resource: resource === 'image' || resource === 'artifact' ? resource : '',
    dest_namespace: policy.dest_namespace ?? '',
    flattening: (['-1', '0', '1', '2', '3'] as const).find((v) => v === count) ?? '-1',
    trigger: trigger === 'scheduled' || trigger === 'event_based' ? trigger : 'manual',
    cron: policy.trigger?.trigger_settings?.cron ?? '',
    replicate_deletion: !!(policy.replicate_deletion ?? policy.deletion),
    override: !!policy.override,
    speed: policy.speed && policy.speed > 0 ? String(policy.speed) : '',
    enabled: policy.enabled !== false,
  };
}

export function ruleRequestOf(input: RuleInput): ReplicationPolicyRequest {
  const registry = { id: Number(input.registry_id) };
  const filters: ReplicationFilter[] = [];
  if (input.name_filter) filters.push({ type: 'name', value: input.name_filter });
  if (input.tag_filter) filters.push({ type: 'tag', value: input.tag_filter, decoration: input.tag_decoration });
  const labels = labelNames(input.label_filter);
  if (labels.length > 0) filters.push({ type: 'label', value: labels, decoration: input.label_decoration });
  if (input.resource) filters.push({ type: 'resource', value: input.resource });
  return {
    name: input.name.trim(),
    description: input.description,
    src_registry: input.mode === 'pull' ? registry : null,
    dest_registry: input.mode === 'push' ? registry : null,
    dest_namespace: input.dest_namespace,
    dest_namespace_replace_count: Number(input.flattening),
    filters,
    trigger: { type: input.trigger, trigger_settings: { cron: input.trigger === 'scheduled' ? input.cron : '' } },
    replicate_deletion: input.trigger === 'event_based' && input.replicate_deletion,
    override: input.override,
    speed: input.speed ? Number(input.speed) : -1,
    enabled: input.enabled,
  };
}
