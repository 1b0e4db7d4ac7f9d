/**
 * Domain objects in Harbor's JSON (snake_case field names). Each returns the contract's output
 * type, so the compiler keeps these in step with openapi.json.
 */
import type { z } from 'zod';
import type { AuditRecord } from '../core/audit/audit.repository.js';
import type { UserGroup as Group } from '../core/groups/group.repository.js';
import type { Member } from '../core/members/member.repository.js';
import { ROLE_NAMES, strongestRole } from '../core/members/roles.js';
import type { ProjectSummary as Summary, ProjectView } from '../core/projects/project-views.js';
import type { Statistics } from '../core/projects/statistics.js';
import type { User } from '../core/users/user.repository.js';
import type { AuditLog, AuditLogExt } from './contracts/audit-logs.js';
import type { ProjectMemberEntity } from './contracts/members.js';
import type { Project, ProjectSummary } from './contracts/projects.js';
import type { Statistic } from './contracts/search.js';
import type { UserGroup, UserGroupSearchItem } from './contracts/usergroups.js';
import type { OIDCUserInfo, UserResp, UserSearchRespItem } from './contracts/users.js';

type Out<S extends z.ZodType> = z.output<S>;

export const projectJson = (p: ProjectView): Out<typeof Project> => ({
  project_id: p.id,
  owner_id: p.ownerId,
  owner_name: p.ownerName,
  name: p.name,
  creation_time: p.creationTime,
  update_time: p.updateTime,
  deleted: false,
  togglable: p.togglable,
  current_user_role_id: strongestRole(p.roles),
  current_user_role_ids: p.roles,
  repo_count: p.repoCount,
  metadata: { ...p.metadata, public: p.public ? 'true' : 'false' },
  cve_allowlist: {
    id: p.allowlist.id,
    project_id: p.id,
    items: p.allowlist.cveIds.map((cve_id) => ({ cve_id })),
    expires_at: p.allowlist.expiresAt,
    creation_time: p.allowlist.creationTime,
    update_time: p.allowlist.updateTime,
  },
});

export const summaryJson = (s: Summary): Out<typeof ProjectSummary> => ({
  repo_count: s.repoCount,
  ...(s.memberCounts
    ? {
        project_admin_count: s.memberCounts[1],
        developer_count: s.memberCounts[2],
        guest_count: s.memberCounts[3],
        maintainer_count: s.memberCounts[4],
        limited_guest_count: s.memberCounts[5],
      }
    : {}),
  ...(s.quota ? { quota: { hard: { storage: s.quota.hard }, used: { storage: s.quota.used } } } : {}),
});

export const memberJson = (m: Member): Out<typeof ProjectMemberEntity> => ({
  id: m.id,
  project_id: m.projectId,
  entity_name: m.entityName,
  role_name: ROLE_NAMES[m.role],
  role_id: m.role,
  entity_id: m.entityId,
  entity_type: m.entityType,
});

export const userJson = (u: User): Out<typeof UserResp> => ({
  user_id: u.id,
  username: u.username,
  email: u.email ?? '',
  realname: u.realname,
  comment: u.comment,
  // An admin group's rights come with the sign-in, not with the account (Harbor's admin_role_in_auth).
  sysadmin_flag: u.sysadmin && !u.adminRoleInAuth,
  admin_role_in_auth: u.adminRoleInAuth ?? false,
  creation_time: u.creationTime,
  update_time: u.updateTime,
});

export const userSearchJson = (u: User): Out<typeof UserSearchRespItem> => ({ user_id: u.id, username: u.username });

export const auditLogJson = (a: AuditRecord): Out<typeof AuditLog> => ({
  id: a.id,
  username: a.username,
  resource: a.resource,
  resource_type: a.resourceType,
  operation: a.operation,
  op_time: a.at,
});

export const auditLogExtJson = (a: AuditRecord): Out<typeof AuditLogExt> => ({
  ...auditLogJson(a),
  operation_description: a.description,
  operation_result: a.success,
});

export const statisticJson = (s: Statistics): Out<typeof Statistic> => ({
  private_project_count: s.privateProjects,
  private_repo_count: s.privateRepositories,
  public_project_count: s.publicProjects,
  public_repo_count: s.publicRepositories,
  total_project_count: s.totalProjects,
  total_repo_count: s.totalRepositories,
  total_storage_consumption: s.totalStorage,
});

export const userGroupJson = (g: Group): Out<typeof UserGroup> => ({
  id: g.id,
  group_name: g.name,
  group_type: g.type,
  ldap_group_dn: g.ldapDn,
});

export const userGroupSearchJson = (g: Group): Out<typeof UserGroupSearchItem> => ({ id: g.id, group_name: g.name, group_type: g.type });

export const oidcUserMetaJson = (
  userId: number,
  meta: { secret: string; subiss: string; creationTime: string; updateTime: string },
): Out<typeof OIDCUserInfo> => ({
  id: userId,
  user_id: userId,
  subiss: meta.subiss,
  secret: meta.secret,
  creation_time: meta.creationTime,
  update_time: meta.updateTime,
});
