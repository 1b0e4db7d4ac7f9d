/** A rule in words for lists and headings: its mode, where it copies from and to, and its trigger. */
import type { ReplicationPolicy } from '../../lib/replication-types';
import { triggerLabel } from './status';

/** A pull rule names its source registry; a push rule its destination (the other end is this registry). */
export const isPull = (policy: Pick<ReplicationPolicy, 'src_registry'>) => !!policy.src_registry?.id;

export const modeOf = (policy: ReplicationPolicy) => (isPull(policy) ? 'Pull-based' : 'Push-based');

const endpointName = (registry: ReplicationPolicy['src_registry']) => (registry?.id ? registry.name || registry.url : 'This registry');

export function routeOf(policy: ReplicationPolicy): string {
  const namespace = policy.dest_namespace ? ` (${policy.dest_namespace})` : '';
  return `${endpointName(policy.src_registry)} → ${endpointName(policy.dest_registry)}${namespace}`;
}

export function triggerOf(policy: ReplicationPolicy): string {
  const type = policy.trigger?.type ?? 'manual';
  const cron = policy.trigger?.trigger_settings?.cron;
  return type === 'scheduled' && cron ? `${triggerLabel(type)} (${cron})` : triggerLabel(type);
}
