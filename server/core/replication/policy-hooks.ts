/**
 * What follows a rule's changes: its schedule follows its trigger, and a rule with an execution
 * in progress cannot be deleted (Harbor's 412). Filled in with the job service.
 */
import type { CoreContext } from '../context.js';
import type { ReplicationPolicy } from './policy.repository.js';

type Ctx = Pick<CoreContext, 'db' | 'config'>;

export async function policySaved(_ctx: Ctx, _policy: ReplicationPolicy): Promise<void> {}

export async function policyDeleting(_ctx: Ctx, _policy: ReplicationPolicy): Promise<void> {}

export async function policyDeleted(_ctx: Ctx, _policy: ReplicationPolicy): Promise<void> {}
