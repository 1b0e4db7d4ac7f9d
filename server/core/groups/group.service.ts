/**
 * User groups (Harbor's /usergroups): system admins list, create, rename and delete them; anyone
 * signed in may search them by name (to add one to a project). An LDAP group is known by its DN,
 * checked against the directory when one is configured; HTTP and OIDC groups by name.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { auditedBy, requireSysadmin, requireUser, type Actor } from '../security/actor.js';
import {
  deleteGroupRow,
  findGroupById,
  findGroupByName,
  findLdapGroupsByDn,
  GROUP_LIST,
  GROUP_TYPE,
  insertGroup,
  isGroupType,
  listGroupRows,
  renameGroup,
  type GroupType,
  type UserGroup,
} from './group.repository.js';

/** Harbor's group_type numbers (1 LDAP, 3 OIDC), which the API answers with. */
export { GROUP_TYPE };
import type { OperationOn } from '../audit/audit-events.js';

type Db = Kysely<Database>;

/** A group as a request names it (Harbor's UserGroup body). */
export interface GroupSpec {
  id?: number;
  name?: string;
  type?: number;
  ldapDn?: string;
}

/**
 * Finds an LDAP group in the directory by DN: its name, or null when there is no such group.
 * Supplied by server/auth (core stays free of the LDAP client); undefined when LDAP is not set up.
 */
export type LdapGroupLookup = (dn: string) => Promise<{ dn: string; name: string } | null>;

export async function listGroupsAs(db: Db, actor: Actor, paging: Paging, filters: { groupName?: string; ldapGroupDn?: string }): Promise<Page<UserGroup>> {
  requireSysadmin(actor);
  const extra = [
    ...(filters.groupName ? [{ key: 'group_name', kind: 'fuzzy' as const, value: filters.groupName }] : []),
    ...(filters.ldapGroupDn ? [{ key: 'ldap_group_dn', kind: 'exact' as const, value: filters.ldapGroupDn }] : []),
  ];
  return listGroupRows(db, buildListQuery(GROUP_LIST, paging, extra));
}

/** Groups whose names contain `name`, for anyone signed in (Harbor's searchUserGroups). */
export async function searchGroupsAs(db: Db, actor: Actor, paging: Paging, name: string): Promise<Page<UserGroup>> {
  requireUser(actor);
  return listGroupRows(db, buildListQuery(GROUP_LIST, { ...paging, q: undefined, sort: undefined }, [{ key: 'group_name', kind: 'fuzzy', value: name }]));
}

async function groupOf(db: Db, id: number): Promise<UserGroup> {
  const group = await findGroupById(db, id);
  if (!group) throw notFound(`user group ${id} not found`);
  return group;
}

export async function getGroupAs(db: Db, actor: Actor, id: number): Promise<UserGroup> {
  requireSysadmin(actor);
  return groupOf(db, id);
}

/** The group's type, name and DN once checked: LDAP groups by DN (from the directory when it can tell), others by name. */
async function validGroup(spec: GroupSpec, lookup?: LdapGroupLookup): Promise<{ type: GroupType; name: string; ldapDn: string }> {
  const type = spec.type ?? (spec.ldapDn ? GROUP_TYPE.ldap : GROUP_TYPE.oidc);
  if (!isGroupType(type)) throw invalid('group_type must be 1 (LDAP), 2 (HTTP) or 3 (OIDC).', 'group_type');
  if (type !== GROUP_TYPE.ldap) {
    const name = spec.name?.trim() ?? '';
    if (!name) throw invalid('group_name is required for HTTP and OIDC groups.', 'group_name');
    if (name.length > 255) throw invalid('group_name must be at most 255 characters.', 'group_name');
    return { type, name, ldapDn: '' };
  }
  const dn = spec.ldapDn?.trim() ?? '';
  if (!dn) throw invalid('ldap_group_dn is required for LDAP groups.', 'ldap_group_dn');
  if (dn.length > 512) throw invalid('ldap_group_dn must be at most 512 characters.', 'ldap_group_dn');
  const found = lookup ? await lookup(dn) : null;
  if (lookup && !found) throw invalid(`The LDAP group ${dn} is not in the directory.`, 'ldap_group_dn');
  const name = spec.name?.trim() || found?.name || firstRdnValue(dn);
  return { type, name: name.slice(0, 255), ldapDn: found?.dn ?? dn };
}

/** "cn=devs,ou=groups,dc=example,dc=org" -> "devs". */
const firstRdnValue = (dn: string) => /^[^=]+=((?:\\.|[^,\\])*)/.exec(dn)?.[1]?.trim() || dn;

async function existingGroup(db: Db, g: { type: GroupType; name: string; ldapDn: string }): Promise<UserGroup | undefined> {
  if (g.type === GROUP_TYPE.ldap) return (await findLdapGroupsByDn(db, [g.ldapDn]))[0];
  return findGroupByName(db, g.type, g.name);
}

const auditGroup = (ctx: Pick<CoreContext, 'audit'>, db: Db, actor: Actor, operation: OperationOn<'user_group'>, group: UserGroup) =>
  ctx.audit.write(db, {
    operation,
    resourceType: 'user_group',
    resource: group.name,
    description: `${operation} user group ${group.name}${group.ldapDn ? ` (${group.ldapDn})` : ''}`,
    ...auditedBy(actor),
  });

export async function createGroupAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, spec: GroupSpec, lookup?: LdapGroupLookup): Promise<UserGroup> {
  const { db } = ctx;
  requireSysadmin(actor);
  const valid = await validGroup(spec, lookup);
  return inTransaction(db, async (trx) => {
    if (await existingGroup(trx, valid)) throw conflict(`The user group ${valid.ldapDn || valid.name} already exists.`);
    const group = await insertGroup(trx, valid);
    await auditGroup(ctx, trx, actor, 'create', group);
    return group;
  });
}

/**
 * The group a project member request names: an existing one by id, or by DN or name, imported
 * when it is not known yet (as Harbor does for member_group).
 */
export async function ensureGroup(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, spec: GroupSpec, lookup?: LdapGroupLookup): Promise<UserGroup> {
  const { db } = ctx;
  if (spec.id !== undefined && spec.id > 0) {
    const group = await findGroupById(db, spec.id);
    if (!group) throw invalid(`The user group ${spec.id} does not exist.`, 'member_group');
    return group;
  }
  const valid = await validGroup(spec, lookup);
  const found = await existingGroup(db, valid);
  if (found) return found;
  return inTransaction(db, async (trx) => {
    const group = await insertGroup(trx, valid);
    await auditGroup(ctx, trx, actor, 'create', group);
    return group;
  });
}

/** Renames a group (Harbor lets only the name change). */
export async function updateGroupAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, id: number, spec: GroupSpec): Promise<void> {
  const { db } = ctx;
  requireSysadmin(actor);
  const group = await groupOf(db, id);
  const name = spec.name?.trim();
  if (!name) throw invalid('group_name is required.', 'group_name');
  if (name.length > 255) throw invalid('group_name must be at most 255 characters.', 'group_name');
  if (spec.type !== undefined && spec.type !== 0 && spec.type !== group.type) throw invalid('group_type cannot change.', 'group_type');
  if (group.type !== GROUP_TYPE.ldap) {
    const other = await findGroupByName(db, group.type, name);
    if (other && other.id !== id) throw conflict(`The user group ${name} already exists.`);
  }
  await inTransaction(db, async (trx) => {
    await renameGroup(trx, id, name);
    await auditGroup(ctx, trx, actor, 'update', { ...group, name });
  });
}

export async function deleteGroupAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, id: number): Promise<void> {
  const { db } = ctx;
  requireSysadmin(actor);
  const group = await groupOf(db, id);
  await inTransaction(db, async (trx) => {
    await deleteGroupRow(trx, id);
    await auditGroup(ctx, trx, actor, 'delete', group);
  });
}
