/**
 * Writes audit rows. Callers pass their own transaction, so a row commits with the operation it
 * records and is never lost when that operation succeeded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';

export interface AuditEntry {
  projectId?: number | null;
  operation: string;
  /** Defaults to "<operation> <resource type>: <resource>", Harbor's style. */
  description?: string;
  /** Defaults to true. */
  success?: boolean;
  resourceType: string;
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

export async function writeAudit(db: Kysely<Database>, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('audit_logs').values(entries.map(toRow)).execute();
}
