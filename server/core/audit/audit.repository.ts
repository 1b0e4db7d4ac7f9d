/**
 * Audit rows in the database: inserting them (for AuditLog, audit-log.ts, which callers write
 * through, in their own transaction), listing them by scope, and deleting old ones.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import { countAuditRows, projectsAdministeredBy } from './audit-counts.repository.js';
import type { AuditEvent } from './audit-events.js';

/** One row to write: a listed (operation, resource type) pair and what it was done to. */
export type AuditEntry = AuditEvent & AuditDetails;

interface AuditDetails {
  projectId?: number | null;
  /** Defaults to "<operation> <resource type>: <resource>", Harbor's style. */
  description?: string;
  /** Defaults to true. */
  success?: boolean;
  resource: string;
  username: string;
  clientIp?: string | null;
  /** Defaults to now. */
  at?: string;
}

const toRow = (entry: AuditEntry) => ({
  project_id: entry.projectId ?? null,
  operation: entry.operation,
  operation_description: entry.description ?? `${entry.operation} ${entry.resourceType}: ${entry.resource}`,
  operation_result: entry.success === false ? 0 : 1,
  resource_type: entry.resourceType,
  resource: entry.resource,
  username: entry.username,
  client_ip: entry.clientIp ?? null,
  op_time: entry.at ?? isoNow(),
});

/** Rows per INSERT: each row binds about a dozen values, and SQLite takes at most 32,766. */
const AUDIT_BATCH = 1000;

/**
 * Inserts the rows, AUDIT_BATCH to an INSERT. Only AuditLog (audit-log.ts) calls it, which also
 * forwards the rows: everything else writes through the context's AuditLog (a lint rule keeps it so).
 */
export async function insertAuditRows(db: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_BATCH) {
    await db.insertInto('audit_logs').values(entries.slice(i, i + AUDIT_BATCH).map(toRow)).execute();
  }
}

export interface AuditRecord {
  id: number;
  projectId: number | null;
  operation: string;
  description: string;
  success: boolean;
  resourceType: string;
  resource: string;
  username: string;
  at: string;
}

/** The fields audit lists offer in q and sort (Harbor's names). Every filter has an index with op_time. */
export const AUDIT_LIST: ListSpec = {
  items: 'audit log entries',
  fields: {
    operation: { column: 'operation', type: 'string' },
    resource: { column: 'resource', type: 'string' },
    resource_type: { column: 'resource_type', type: 'string' },
    username: { column: 'username', type: 'string' },
    op_time: { column: 'op_time', type: 'time', sort: true },
    id: { column: 'id', type: 'int', sort: true, unique: true },
  },
  defaultSort: '-op_time',
  tieBreaker: 'id',
};

/** Which rows a list may show: all (system admins), one project's, or those of the projects a user administers. */
export type AuditScope = { kind: 'all' } | { kind: 'project'; projectId: number } | { kind: 'administered-by'; userId: number; groupIds?: readonly number[] };

function scoped(db: Kysely<Database>, scope: AuditScope) {
  const base = db.selectFrom('audit_logs');
  switch (scope.kind) {
    case 'all':
      return base;
    case 'project':
      return base.where('project_id', '=', scope.projectId);
    case 'administered-by':
      return base.where('project_id', 'in', projectsAdministeredBy(db, scope));
  }
}

export async function listAuditRows(db: Kysely<Database>, scope: AuditScope, query: ListQuery): Promise<Page<AuditRecord>> {
  const page = await pageOf(db, scoped(db, scope), query, (qb) => qb.selectAll(), () => countAuditRows(db, scope));
  return {
    ...page,
    items: page.items.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      operation: row.operation,
      description: row.operation_description,
      success: row.operation_result === 1,
      resourceType: row.resource_type,
      resource: row.resource,
      username: row.username,
      at: row.op_time,
    })),
  };
}

/** Deletes the rows written before `cutoff` (ISO time). Returns how many. */
export async function deleteAuditRowsBefore(db: Kysely<Database>, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('audit_logs').where('op_time', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
