/**
 * webhook_policies rows. Targets are stored as JSON with each auth_header sealed by the secret
 * key; this module seals on write and opens on read, so nothing above it sees a sealed value
 * and nothing below it sees a clear one.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookPoliciesTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { conflict } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { isoNow } from '../../lib/time.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import type { NotifyType, PayloadFormat, WebhookEventType } from './event-types.js';

type Db = Kysely<Database>;

export interface WebhookTarget {
  type: NotifyType;
  address: string;
  /** In clear here; sealed in the row. '' for none. */
  authHeader: string;
  skipCertVerify: boolean;
  /** Default or CloudEvents for http targets; absent for slack. */
  payloadFormat?: PayloadFormat;
}

export interface WebhookPolicy {
  id: number;
  projectId: number;
  name: string;
  description: string;
  targets: WebhookTarget[];
  eventTypes: WebhookEventType[];
  creator: string;
  enabled: boolean;
  creationTime: string;
  updateTime: string;
}

export type WebhookPolicyInput = Pick<WebhookPolicy, 'name' | 'description' | 'targets' | 'eventTypes' | 'enabled'>;

interface StoredTarget {
  type: NotifyType;
  address: string;
  auth_header: string;
  skip_cert_verify: boolean;
  payload_format?: PayloadFormat;
}

export const WEBHOOK_POLICY_LIST: ListSpec = {
  items: 'webhook policies',
  fields: {
    name: { column: 'name', type: 'string', sort: true },
    enabled: { column: 'enabled', type: 'bool' },
    creation_time: { column: 'creation_time', type: 'time', sort: true },
    update_time: { column: 'update_time', type: 'time', sort: true },
    id: { column: 'id', type: 'int', sort: true, unique: true },
  },
  defaultSort: '-creation_time',
  tieBreaker: 'id',
};

function sealTargets(box: SecretBox, targets: WebhookTarget[]): string {
  const stored: StoredTarget[] = targets.map((t) => ({
    type: t.type,
    address: t.address,
    auth_header: t.authHeader ? box.seal(t.authHeader) : '',
    skip_cert_verify: t.skipCertVerify,
    ...(t.payloadFormat ? { payload_format: t.payloadFormat } : {}),
  }));
  return JSON.stringify(stored);
}

function toPolicy(box: SecretBox, row: Selectable<WebhookPoliciesTable>): WebhookPolicy {
  const stored = JSON.parse(row.targets) as StoredTarget[];
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    description: row.description,
    targets: stored.map((t) => ({
      type: t.type,
      address: t.address,
      authHeader: t.auth_header ? box.open(t.auth_header) : '',
      skipCertVerify: t.skip_cert_verify,
      ...(t.payload_format ? { payloadFormat: t.payload_format } : {}),
    })),
    eventTypes: JSON.parse(row.event_types) as WebhookEventType[],
    creator: row.creator,
    enabled: row.enabled === 1,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

const duplicate = (name: string) => conflict(`A webhook named "${name}" already exists in this project; choose another Name.`);

export async function insertPolicy(db: Db, box: SecretBox, projectId: number, creator: string, input: WebhookPolicyInput): Promise<number> {
  const now = isoNow();
  try {
    const row = await db
      .insertInto('webhook_policies')
      .values({
        project_id: projectId,
        name: input.name,
        description: input.description,
        targets: sealTargets(box, input.targets),
        event_types: JSON.stringify(input.eventTypes),
        creator,
        enabled: input.enabled ? 1 : 0,
        creation_time: now,
        update_time: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name);
    throw err;
  }
}

export async function updatePolicy(db: Db, box: SecretBox, id: number, input: WebhookPolicyInput): Promise<void> {
  try {
    await db
      .updateTable('webhook_policies')
      .set({
        name: input.name,
        description: input.description,
        targets: sealTargets(box, input.targets),
        event_types: JSON.stringify(input.eventTypes),
        enabled: input.enabled ? 1 : 0,
        update_time: isoNow(),
      })
      .where('id', '=', id)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name);
    throw err;
  }
}

export async function deletePolicy(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhook_policies').where('id', '=', id).execute();
}

export async function findPolicy(db: Db, box: SecretBox, id: number): Promise<WebhookPolicy | undefined> {
  const row = await db.selectFrom('webhook_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPolicy(box, row);
}

export async function listPolicies(db: Db, box: SecretBox, projectId: number, query: ListQuery): Promise<Page<WebhookPolicy>> {
  const base = db.selectFrom('webhook_policies').where('project_id', '=', projectId);
  const page = await pageOf(db, base, query, (qb) => qb.selectAll());
  return { ...page, items: page.items.map((row) => toPolicy(box, row)) };
}

/** The enabled policies of a project that subscribe to the event type (few per project: filtered here). */
export async function policiesFor(db: Db, box: SecretBox, projectId: number, eventType: WebhookEventType): Promise<WebhookPolicy[]> {
  const rows = await db.selectFrom('webhook_policies').selectAll().where('project_id', '=', projectId).where('enabled', '=', 1).execute();
  return rows.map((row) => toPolicy(box, row)).filter((p) => p.eventTypes.includes(eventType));
}
