/**
 * Table types, one interface per table, as the migrations create them. Columns are snake_case;
 * times are ISO-8601 UTC text; flags are integers 0/1 (the same in SQLite and PostgreSQL).
 * Repositories in server/core map rows to domain objects, so these types stop there.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  user_id: Generated<number>;
  username: string;
  /** Stored lower case; unique. */
  email: string | null;
  realname: Generated<string>;
  comment: Generated<string>;
  /** Null for directory (LDAP) users, who never sign in with a local password. */
  password_hash: string | null;
  sysadmin_flag: Generated<number>;
  /** 'db' or 'ldap'. */
  auth_source: Generated<string>;
  ldap_dn: string | null;
  /** Changes whenever the password does; sessions and reset tokens older than it are void. */
  password_changed_at: string | null;
  creation_time: string;
  update_time: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  session_id: string;
  user_id: number;
  csrf_token: string;
  creation_time: string;
  last_seen: string;
  expires_at: string;
}

export interface ProjectsTable {
  project_id: Generated<number>;
  name: string;
  owner_id: number;
  public: Generated<number>;
  /** JSON object of Harbor's string-valued project metadata, other than `public`. */
  metadata: Generated<string>;
  creation_time: string;
  update_time: string;
}

export interface ProjectMembersTable {
  id: Generated<number>;
  project_id: number;
  entity_id: number;
  /** 'u' user, 'g' group. */
  entity_type: string;
  /** Harbor's role ids: 1 project admin, 2 developer, 3 guest, 4 maintainer, 5 limited guest. */
  role: number;
  creation_time: string;
  update_time: string;
}

export interface SystemConfigTable {
  k: string;
  /** JSON text of the value; secrets are encrypted before they get here. */
  v: string;
  update_time: string;
}

export interface AuditLogsTable {
  id: Generated<number>;
  /** Null for events outside any project (users, sign-in, settings). */
  project_id: number | null;
  /** Harbor's verbs: create, delete, update, pull, login, logout ... */
  operation: string;
  operation_description: string;
  /** 1 when the operation succeeded. */
  operation_result: number;
  /** artifact, tag, repository, project, member, user, configuration ... */
  resource_type: string;
  resource: string;
  username: string;
  client_ip: string | null;
  op_time: string;
}

export interface LoginFailuresTable {
  /** 'account' or 'address'. */
  scope: string;
  /** The user id (or the unknown principal) for accounts; the client IP for addresses. */
  key: string;
  failures: number;
  /** When the current counting window began. */
  window_start: string;
  last_failure: string;
  /** While in the future, sign-in is refused without checking the password. */
  locked_until: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  system_config: SystemConfigTable;
  audit_logs: AuditLogsTable;
  login_failures: LoginFailuresTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type NewProjectRow = Insertable<ProjectsTable>;
export type ProjectMemberRow = Selectable<ProjectMembersTable>;
export type AuditLogRow = Selectable<AuditLogsTable>;
export type NewAuditLogRow = Insertable<AuditLogsTable>;
