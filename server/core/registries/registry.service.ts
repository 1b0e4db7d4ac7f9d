/**
 * Registry endpoints (Harbor's /registries): create, read, update, delete, check. System admins
 * only (the 'registry' rows of the permission table). Secrets are sealed before they reach the
 * database and never leave this service unsealed except to the remote client (registry-client.ts).
 */
import { X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, invalid, notFound, precondition } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import { REGISTRY_TYPES, type RegistryType } from '../../remote/types.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { auditedBy, requireSystemPermission, type Actor } from '../security/actor.js';
import {
  deleteRegistryRow,
  findRegistryById,
  findRegistryByName,
  insertRegistry,
  listRegistryRows,
  REGISTRY_LIST,
  updateRegistryRow,
  type RegistryEndpointRow,
  type RegistryFields,
} from './registry.repository.js';
import type { OperationOn } from '../audit/audit-events.js';

type Db = Kysely<Database>;

/** What Harbor shows in place of a stored secret; sent back unchanged it means "keep it". */
export const MASKED_SECRET = '*****';

/**
 * Who else holds a registry: replication rules (core/replication/triggers.ts registers the guard)
 * refuse its deletion while they name it; deletion then answers 412 naming them, as Harbor does.
 */
type DeletionGuard = (db: Db, registryId: number) => Promise<string[]>;
const deletionGuards: DeletionGuard[] = [];
export const addRegistryDeletionGuard = (guard: DeletionGuard) => deletionGuards.push(guard);

export interface RegistryInput {
  name?: string;
  url?: string;
  type?: string;
  description?: string;
  insecure?: boolean;
  caCertificate?: string | null;
  credentialType?: string;
  accessKey?: string;
  accessSecret?: string;
}

/** http(s) URLs only, without a trailing slash, as Harbor's lib.ValidateHTTPURL keeps them. */
export function normalizeUrl(value: string, field = 'url'): string {
  let url: URL;
  const text = value.trim();
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw invalid(`${field} is not a URL: ${value}`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`${field} must be an http or https URL`, field);
  if (url.username || url.password) throw invalid(`${field} must not carry credentials; use access_key and access_secret`, field);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export function checkType(type: string | undefined, field = 'type'): RegistryType {
  if (!type || !(REGISTRY_TYPES as readonly string[]).includes(type)) throw invalid(`${field} must be one of ${REGISTRY_TYPES.join(', ')}`, field);
  return type as RegistryType;
}

/** A PEM certificate (or several) that parses, or none. */
export function checkCaCertificate(pem: string | null | undefined, field = 'ca_certificate'): string | null {
  if (!pem?.trim()) return null;
  try {
    new X509Certificate(pem);
  } catch {
    throw invalid(`${field} is not a PEM-encoded certificate`, field);
  }
  return pem;
}

function checkCredentialType(type: string | undefined): string {
  const value = type || 'basic';
  if (value !== 'basic') throw invalid('credential type must be basic', 'credential.type');
  return value;
}

function checkName(name: string | undefined): string {
  const value = name?.trim() ?? '';
  if (!value) throw invalid('name is required', 'name');
  if (value.length > 255) throw invalid('name is longer than 255 characters', 'name');
  return value;
}

const auditRegistry = (ctx: Pick<CoreContext, 'audit'>, db: Db, actor: Actor, operation: OperationOn<'registry'>, name: string) =>
  ctx.audit.write(db, { operation, resourceType: 'registry', resource: name, ...auditedBy(actor) });

export async function listRegistriesAs(db: Db, actor: Actor, paging: Paging, name?: string): Promise<Page<RegistryEndpointRow>> {
  requireSystemPermission(actor, 'registry', 'list');
  return listRegistryRows(db, buildListQuery(REGISTRY_LIST, paging, name ? [{ key: 'name', kind: 'fuzzy', value: name }] : []));
}

export async function getRegistryAs(db: Db, actor: Actor, id: number): Promise<RegistryEndpointRow> {
  requireSystemPermission(actor, 'registry', 'read');
  return existing(db, id);
}

async function existing(db: Db, id: number): Promise<RegistryEndpointRow> {
  const row = await findRegistryById(db, id);
  if (!row) throw notFound(`registry ${id} not found`);
  return row;
}

export async function createRegistryAs(ctx: Pick<CoreContext, 'db' | 'secretBox' | 'audit'>, actor: Actor, input: RegistryInput): Promise<number> {
  requireSystemPermission(actor, 'registry', 'create');
  const name = checkName(input.name);
  if (!input.url) throw invalid('url is required', 'url');
  const fields: RegistryFields = {
    name,
    url: normalizeUrl(input.url),
    type: checkType(input.type),
    credential_type: checkCredentialType(input.credentialType),
    access_key: input.accessKey ?? '',
    access_secret: input.accessSecret ? ctx.secretBox.seal(input.accessSecret) : '',
    insecure: input.insecure ? 1 : 0,
    ca_certificate: checkCaCertificate(input.caCertificate),
    description: input.description ?? '',
  };
  return inTransaction(ctx.db, async (trx) => {
    if (await findRegistryByName(trx, name)) throw new AppError('CONFLICT', `registry ${name} already exists`);
    const id = await orConflict(() => insertRegistry(trx, fields, isoNow()), `registry ${name} already exists`);
    await auditRegistry(ctx, trx, actor, 'create', name);
    return id;
  });
}

/** Harbor's RegistryUpdate: only the fields given change; a new URL without a new secret drops the old one. */
export async function updateRegistryAs(ctx: Pick<CoreContext, 'db' | 'secretBox' | 'audit'>, actor: Actor, id: number, input: RegistryInput): Promise<void> {
  requireSystemPermission(actor, 'registry', 'update');
  await inTransaction(ctx.db, async (trx) => {
    const row = await existing(trx, id);
    const fields: Partial<RegistryFields> = {};
    if (input.name !== undefined) fields.name = checkName(input.name);
    if (input.description !== undefined) fields.description = input.description;
    if (input.url !== undefined) fields.url = normalizeUrl(input.url);
    if (input.insecure !== undefined) fields.insecure = input.insecure ? 1 : 0;
    if (input.caCertificate !== undefined) fields.ca_certificate = checkCaCertificate(input.caCertificate);
    if (input.credentialType !== undefined) fields.credential_type = checkCredentialType(input.credentialType);
    if (input.accessKey !== undefined) fields.access_key = input.accessKey;
    const newSecret = input.accessSecret !== undefined && input.accessSecret !== MASKED_SECRET;
    if (newSecret) fields.access_secret = input.accessSecret ? ctx.secretBox.seal(input.accessSecret) : '';
    // The stored secret was meant for the old URL: never send it to a new host (Harbor does the same).
    else if (fields.url !== undefined && fields.url !== row.url) fields.access_secret = '';
    if (fields.name && fields.name !== row.name && (await findRegistryByName(trx, fields.name))) throw new AppError('CONFLICT', `registry ${fields.name} already exists`);
    await orConflict(() => updateRegistryRow(trx, id, fields, isoNow()), `registry ${fields.name ?? row.name} already exists`);
    await auditRegistry(ctx, trx, actor, 'update', fields.name ?? row.name);
  });
}

export async function deleteRegistryAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, id: number): Promise<void> {
  requireSystemPermission(actor, 'registry', 'delete');
  await inTransaction(ctx.db, async (trx) => {
    const row = await existing(trx, id);
    for (const guard of deletionGuards) {
      const users = await guard(trx, id);
      if (users.length) throw precondition(`the registry ${row.name} is used by replication policies: ${users.join(', ')}`);
    }
    await deleteRegistryRow(trx, id);
    await auditRegistry(ctx, trx, actor, 'delete', row.name);
  });
}
