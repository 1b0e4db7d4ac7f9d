/**
 * Every kind of row the audit log records, as (operation, resource type) pairs. `AuditLog.write`
 * accepts only these pairs, so a new kind of row cannot be written without being listed here;
 * the list is what GET /auditlog-exts/events returns and what the console's filters offer.
 * (Operations such as reset_password_request contain underscores, so an event type string
 * alone cannot be split back into its parts: the pairs are the source of truth.)
 */
export const AUDIT_EVENTS = [
  ['create', 'artifact'],
  ['delete', 'artifact'],
  ['pull', 'artifact'],
  ['create', 'tag'],
  ['delete', 'tag'],
  ['update', 'repository'],
  ['delete', 'repository'],
  ['create', 'project'],
  ['update', 'project'],
  ['delete', 'project'],
  ['create', 'member'],
  ['update', 'member'],
  ['delete', 'member'],
  ['create', 'user'],
  ['update', 'user'],
  ['delete', 'user'],
  ['login', 'user'],
  ['logout', 'user'],
  ['reset_password_request', 'user'],
  ['reset_password_mail', 'user'],
  ['create', 'user_group'],
  ['update', 'user_group'],
  ['delete', 'user_group'],
  ['update', 'configuration'],
  ['create', 'registry'],
  ['update', 'registry'],
  ['delete', 'registry'],
  ['create', 'replication_policy'],
  ['update', 'replication_policy'],
  ['delete', 'replication_policy'],
  ['start', 'replication'],
  ['stop', 'replication'],
  ['purge', 'audit_log'],
  ['update', 'quota'],
  ['create', 'robot'],
  ['update', 'robot'],
  ['delete', 'robot'],
  ['create', 'retention_policy'],
  ['update', 'retention_policy'],
  ['delete', 'retention_policy'],
  ['create', 'retention_execution'],
  ['stop', 'retention_execution'],
  ['create', 'immutable_tag_rule'],
  ['update', 'immutable_tag_rule'],
  ['delete', 'immutable_tag_rule'],
  ['create', 'scanner'],
  ['update', 'scanner'],
  ['delete', 'scanner'],
  ['create', 'scan'],
  ['stop', 'scan'],
  ['update', 'project_scanner'],
] as const;

type Listed = (typeof AUDIT_EVENTS)[number];

/** One listed pair, as the fields of an audit entry. */
export type AuditEvent = Listed extends infer P ? (P extends readonly [infer O, infer R] ? { operation: O; resourceType: R } : never) : never;

export type AuditResourceType = AuditEvent['resourceType'];

/** The operations the log records on one resource type, e.g. OperationOn<'registry'>. */
export type OperationOn<R extends AuditResourceType> = Extract<AuditEvent, { resourceType: R }>['operation'];

/** Harbor's event type string: `<operation>_<resource type>`, e.g. create_artifact. */
export const eventTypeOf = (operation: string, resourceType: string) => `${operation}_${resourceType}`;

/** Harbor's event type strings, in the order above. */
export const AUDIT_EVENT_TYPES: readonly string[] = AUDIT_EVENTS.map(([operation, type]) => eventTypeOf(operation, type));
