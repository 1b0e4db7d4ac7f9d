/**
 * Project members: who may list, add, change and remove them (project admins manage; members
 * from guest up read), by Harbor's rules, with an audit row for every change.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid, notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { projectFor, type ProjectRef } from '../projects/project-access.js';
import type { Project } from '../projects/project.repository.js';
import { ensureGroup, type GroupSpec, type LdapGroupLookup } from '../groups/group.service.js';
import { auditedBy, type Actor } from '../security/actor.js';
import { findUserById, findUserByUsername } from '../users/user.repository.js';
import { deleteMemberRow, findMember, insertMember, listMemberRows, MEMBER_LIST, setMemberRole, type Member } from './member.repository.js';
import { ROLE_NAMES, type RoleId } from './roles.js';
import type { OperationOn } from '../audit/audit-events.js';

type Db = Kysely<Database>;

export async function listMembersAs(db: Db, actor: Actor, ref: ProjectRef, paging: Paging, entityName?: string): Promise<Page<Member>> {
  const { project } = await projectFor(db, actor, ref, 'member', 'list');
  const extra = entityName ? [{ key: 'entity_name', kind: 'fuzzy' as const, value: entityName }] : [];
  return listMemberRows(db, project.id, buildListQuery(MEMBER_LIST, paging, extra));
}

async function memberOf(db: Db, project: Project, memberId: number): Promise<Member> {
  const member = await findMember(db, project.id, memberId);
  if (!member) throw notFound(`member ${memberId} not found in project ${project.name}`);
  return member;
}

export async function getMemberAs(db: Db, actor: Actor, ref: ProjectRef, memberId: number): Promise<Member> {
  const { project } = await projectFor(db, actor, ref, 'member', 'read');
  return memberOf(db, project, memberId);
}

type Audited = Pick<Member, 'entityType' | 'entityName' | 'role'>;

const auditMember = (ctx: Pick<CoreContext, 'audit'>, db: Db, actor: Actor, project: Project, operation: OperationOn<'member'>, member: Audited) =>
  ctx.audit.write(db, {
    projectId: project.id,
    operation,
    resourceType: 'member',
    resource: member.entityName,
    description: `${operation} ${member.entityType === 'g' ? 'group' : 'user'} member ${member.entityName} (${ROLE_NAMES[member.role]}) in project ${project.name}`,
    ...auditedBy(actor),
  });

export interface NewMember {
  role: RoleId;
  user?: { id?: number; username?: string };
  /** A user group by id, or by LDAP DN or name (imported when not known yet). */
  group?: GroupSpec;
}

/** Adds a user (by id or name) or a user group to the project; returns the member id. */
export async function addMemberAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, ref: ProjectRef, req: NewMember, lookup?: LdapGroupLookup): Promise<number> {
  const { db } = ctx;
  const { project } = await projectFor(db, actor, ref, 'member', 'create');
  if (req.group && !req.user) {
    const group = await ensureGroup(ctx, actor, req.group, lookup);
    return inTransaction(db, async (trx) => {
      const memberId = await insertMember(trx, { projectId: project.id, groupId: group.id, role: req.role });
      await auditMember(ctx, trx, actor, project, 'create', { entityType: 'g', entityName: group.name, role: req.role });
      return memberId;
    });
  }
  const { id, username } = req.user ?? {};
  if (id === undefined && !username) throw invalid('member_user must give a user_id or a username.', 'member_user');
  const user = id !== undefined ? await findUserById(db, id) : await findUserByUsername(db, username!);
  if (!user) throw invalid(`The user ${id ?? username} does not exist.`, 'member_user');
  return inTransaction(db, async (trx) => {
    const memberId = await insertMember(trx, { projectId: project.id, userId: user.id, role: req.role });
    await auditMember(ctx, trx, actor, project, 'create', { entityType: 'u', entityName: user.username, role: req.role });
    return memberId;
  });
}

export async function changeMemberRoleAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, ref: ProjectRef, memberId: number, role: RoleId): Promise<void> {
  const { db } = ctx;
  const { project } = await projectFor(db, actor, ref, 'member', 'update');
  const member = await memberOf(db, project, memberId);
  await inTransaction(db, async (trx) => {
    await setMemberRole(trx, member.id, role);
    await auditMember(ctx, trx, actor, project, 'update', { ...member, role });
  });
}

export async function removeMemberAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, ref: ProjectRef, memberId: number): Promise<void> {
  const { db } = ctx;
  const { project } = await projectFor(db, actor, ref, 'member', 'delete');
  const member = await memberOf(db, project, memberId);
  await inTransaction(db, async (trx) => {
    await deleteMemberRow(trx, member.id);
    await auditMember(ctx, trx, actor, project, 'delete', member);
  });
}
