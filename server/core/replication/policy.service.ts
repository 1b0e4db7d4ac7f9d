/**
 * Replication rules through the API: system admins list, create, change and delete them
 * (Harbor's replication-policy system permissions). A rule names registry endpoints that must
 * exist; its other end is this Berth. Each change is audited in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { auditedBy, requireSystemPermission, type Actor } from '../security/actor.js';
import { policyDeleted, policyDeleting, policySaved } from './policy-hooks.js';
import { checkPolicy } from './policy-rules.js';
import {
  deletePolicyRow,
  findPolicy,
  insertPolicy,
  listPolicyRows,
  POLICY_LIST,
  updatePolicyRow,
  type PolicyFields,
  type ReplicationPolicy,
} from './policy.repository.js';
import { findRegistryRef, localRegistryRef, type RegistryRef } from './registry-refs.js';
import type { OperationOn } from '../audit/audit-events.js';

type Db = Kysely<Database>;
type Ctx = Pick<CoreContext, 'db' | 'config' | 'jobs' | 'audit'>;

/** A rule with both of its ends, as Harbor's API shows it. */
export interface PolicyView {
  policy: ReplicationPolicy;
  source: RegistryRef;
  destination: RegistryRef;
}

async function endOf(ctx: Ctx, id: number | null, field: string): Promise<RegistryRef> {
  if (id === null) return localRegistryRef(ctx.config.external_url);
  const ref = await findRegistryRef(ctx.db, id);
  if (!ref) throw invalid(`registry ${id} not found`, field);
  return ref;
}

async function viewOf(ctx: Ctx, policy: ReplicationPolicy): Promise<PolicyView> {
  // A registry deleted under a rule still shows the rule, with the id it names.
  const end = async (id: number | null) =>
    id === null ? localRegistryRef(ctx.config.external_url) : ((await findRegistryRef(ctx.db, id)) ?? { ...localRegistryRef(''), id, name: '', type: '' });
  return { policy, source: await end(policy.srcRegistryId), destination: await end(policy.destRegistryId) };
}

async function existing(db: Db, id: number): Promise<ReplicationPolicy> {
  const policy = await findPolicy(db, id);
  if (!policy) throw notFound(`replication policy ${id} not found`);
  return policy;
}

async function validated(ctx: Ctx, fields: PolicyFields): Promise<void> {
  checkPolicy(fields);
  await endOf(ctx, fields.srcRegistryId, 'src_registry');
  await endOf(ctx, fields.destRegistryId, 'dest_registry');
}

const auditPolicy = (ctx: Ctx, db: Db, actor: Actor, operation: OperationOn<'replication_policy'>, policy: { name: string }) =>
  ctx.audit.write(db, { operation, resourceType: 'replication_policy', resource: policy.name, ...auditedBy(actor) });

export async function listPoliciesAs(ctx: Ctx, actor: Actor, paging: Paging, name?: string): Promise<Page<PolicyView>> {
  requireSystemPermission(actor, 'replication-policy', 'list');
  const extra = name ? [{ key: 'name', kind: 'fuzzy' as const, value: name }] : [];
  const page = await listPolicyRows(ctx.db, buildListQuery(POLICY_LIST, paging, extra));
  return { ...page, items: await Promise.all(page.items.map((p) => viewOf(ctx, p))) };
}

export async function getPolicyAs(ctx: Ctx, actor: Actor, id: number): Promise<PolicyView> {
  requireSystemPermission(actor, 'replication-policy', 'read');
  return viewOf(ctx, await existing(ctx.db, id));
}

export async function createPolicyAs(ctx: Ctx, actor: Actor, fields: PolicyFields): Promise<ReplicationPolicy> {
  const user = requireSystemPermission(actor, 'replication-policy', 'create');
  await validated(ctx, fields);
  const policy = await inTransaction(ctx.db, async (trx) => {
    const created = await insertPolicy(trx, fields, user.username, isoNow());
    await auditPolicy(ctx, trx, actor, 'create', created);
    return created;
  });
  await policySaved(ctx, policy);
  return policy;
}

export async function updatePolicyAs(ctx: Ctx, actor: Actor, id: number, fields: PolicyFields): Promise<void> {
  requireSystemPermission(actor, 'replication-policy', 'update');
  const before = await existing(ctx.db, id);
  await validated(ctx, fields);
  await inTransaction(ctx.db, async (trx) => {
    await updatePolicyRow(trx, id, fields, isoNow());
    await auditPolicy(ctx, trx, actor, 'update', fields);
  });
  await policySaved(ctx, { ...before, ...fields });
}

export async function deletePolicyAs(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  requireSystemPermission(actor, 'replication-policy', 'delete');
  const policy = await existing(ctx.db, id);
  await policyDeleting(ctx, policy);
  await inTransaction(ctx.db, async (trx) => {
    await deletePolicyRow(trx, id);
    await auditPolicy(ctx, trx, actor, 'delete', policy);
  });
  await policyDeleted(ctx, policy);
}
