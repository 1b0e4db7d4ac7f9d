/**
 * Scanner registrations (Harbor's /scanners): create, read, update, delete, set the default,
 * ping an adapter and read its metadata. System admins only (the 'scanner' rows of the system
 * permission table). The adapter's credential is sealed before it reaches the database and is
 * opened only to talk to the adapter; answers show "*****" in its place.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { OperationOn } from '../audit/audit-events.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { normalizeUrl } from '../registries/registry.service.js';
import { auditedBy, requireSystemPermission, type Actor } from '../security/actor.js';
import { AUTH_TYPES, fetchMetadata, scansImages, ScanAdapterError, type AdapterEndpoint, type AdapterMetadata } from './adapter-client.js';
import {
  countScanners,
  deleteScannerRow,
  findDefaultScanner,
  findScannerByName,
  findScannerByUuid,
  insertScanner,
  listScannerRows,
  SCANNER_LIST,
  setDefaultScanner,
  updateScannerRow,
  type ScannerFields,
  type ScannerRow,
} from './scanner.repository.js';

type Db = Kysely<Database>;
type Deps = Pick<CoreContext, 'db' | 'secretBox' | 'audit'>;

/** What answers show in place of a stored credential; sent back unchanged it means "keep it". */
export const MASKED_CREDENTIAL = '*****';
/** How long a list waits for each adapter's metadata before calling it unhealthy. */
const HEALTH_TIMEOUT_MS = 3000;

export interface ScannerInput {
  name?: string;
  description?: string;
  url?: string;
  auth?: string;
  accessCredential?: string;
  skipCertVerify?: boolean;
  useInternalAddr?: boolean;
  disabled?: boolean;
}

/** A registration with what its adapter said about itself just now (Harbor fills these on reads). */
export interface ScannerView {
  row: ScannerRow;
  metadata?: AdapterMetadata;
  health: 'healthy' | 'unhealthy';
}

const auditScanner = (deps: Pick<CoreContext, 'audit'>, db: Db, actor: Actor, operation: OperationOn<'scanner'>, name: string) =>
  deps.audit.write(db, { operation, resourceType: 'scanner', resource: name, ...auditedBy(actor) });

function checkName(name: string | undefined): string {
  const value = name?.trim() ?? '';
  if (!value) throw invalid('name is required', 'name');
  if (value.length > 255) throw invalid('name is longer than 255 characters', 'name');
  return value;
}

function checkAuth(auth: string | undefined): string {
  const value = auth ?? '';
  if (!(AUTH_TYPES as readonly string[]).includes(value)) throw invalid(`auth must be empty or one of ${AUTH_TYPES.filter(Boolean).join(', ')}`, 'auth');
  return value;
}

/** The endpoint to talk to, with the credential opened. */
export function endpointOf(deps: Pick<CoreContext, 'secretBox'>, row: ScannerRow): AdapterEndpoint {
  return {
    url: row.url,
    auth: row.auth,
    credential: row.access_credential ? deps.secretBox.open(row.access_credential) : '',
    skipCertVerify: row.skip_cert_verify === 1,
  };
}

export async function existingScanner(db: Db, uuid: string): Promise<ScannerRow> {
  const row = await findScannerByUuid(db, uuid);
  if (!row) throw notFound(`scanner registration ${uuid} not found`);
  return row;
}

/** The registration with its adapter's metadata, or unhealthy when the adapter does not answer in a few seconds. */
export async function scannerView(deps: Deps, row: ScannerRow): Promise<ScannerView> {
  try {
    const metadata = await fetchMetadata(endpointOf(deps, row), AbortSignal.timeout(HEALTH_TIMEOUT_MS));
    return { row, metadata, health: 'healthy' };
  } catch {
    return { row, health: 'unhealthy' };
  }
}

export async function listScannersAs(deps: Deps, actor: Actor, paging: Paging): Promise<Page<ScannerView>> {
  requireSystemPermission(actor, 'scanner', 'list');
  const page = await listScannerRows(deps.db, buildListQuery(SCANNER_LIST, paging));
  return { ...page, items: await Promise.all(page.items.map((row) => scannerView(deps, row))) };
}

export async function getScannerAs(deps: Deps, actor: Actor, uuid: string): Promise<ScannerView> {
  requireSystemPermission(actor, 'scanner', 'read');
  return scannerView(deps, await existingScanner(deps.db, uuid));
}

function credentialFor(deps: Deps, auth: string, credential: string | undefined): string {
  if (!auth) return '';
  if (!credential) throw invalid(`access_credential is required when auth is ${auth}`, 'access_credential');
  return deps.secretBox.seal(credential);
}

/** Creates a registration; the first one becomes the default (as Harbor makes it). Answers its uuid. */
export async function createScannerAs(deps: Deps, actor: Actor, input: ScannerInput): Promise<string> {
  requireSystemPermission(actor, 'scanner', 'create');
  const name = checkName(input.name);
  if (!input.url) throw invalid('url is required', 'url');
  const auth = checkAuth(input.auth);
  const fields: ScannerFields = {
    name,
    description: input.description ?? '',
    url: normalizeUrl(input.url),
    auth,
    access_credential: credentialFor(deps, auth, input.accessCredential),
    skip_cert_verify: input.skipCertVerify ? 1 : 0,
    use_internal_addr: input.useInternalAddr ? 1 : 0,
    disabled: input.disabled ? 1 : 0,
  };
  const uuid = randomUUID();
  await inTransaction(deps.db, async (trx) => {
    if (await findScannerByName(trx, name)) throw new AppError('CONFLICT', `a scanner registration named ${name} already exists`);
    const first = (await countScanners(trx)) === 0;
    await orConflict(() => insertScanner(trx, uuid, fields, first, isoNow()), `a scanner registration named ${name} already exists`);
    await auditScanner(deps, trx, actor, 'create', name);
  });
  return uuid;
}

/** Harbor's updateScanner: the request is a whole ScannerRegistrationReq; an omitted or empty credential keeps the stored one while auth needs one. */
export async function updateScannerAs(deps: Deps, actor: Actor, uuid: string, input: ScannerInput): Promise<void> {
  requireSystemPermission(actor, 'scanner', 'update');
  await inTransaction(deps.db, async (trx) => {
    const row = await existingScanner(trx, uuid);
    const name = checkName(input.name);
    if (!input.url) throw invalid('url is required', 'url');
    const url = normalizeUrl(input.url);
    const auth = checkAuth(input.auth);
    const keep = !input.accessCredential || input.accessCredential === MASKED_CREDENTIAL;
    // The stored credential was meant for the old URL: never send it to another host.
    const keepable = keep && auth !== '' && row.access_credential !== '' && url === row.url;
    const fields: ScannerFields = {
      name,
      description: input.description ?? row.description,
      url,
      auth,
      access_credential: keepable ? row.access_credential : credentialFor(deps, auth, keep ? undefined : input.accessCredential),
      skip_cert_verify: (input.skipCertVerify ?? row.skip_cert_verify === 1) ? 1 : 0,
      use_internal_addr: (input.useInternalAddr ?? row.use_internal_addr === 1) ? 1 : 0,
      disabled: (input.disabled ?? row.disabled === 1) ? 1 : 0,
    };
    const other = await findScannerByName(trx, name);
    if (other && other.id !== row.id) throw new AppError('CONFLICT', `a scanner registration named ${name} already exists`);
    await updateScannerRow(trx, row.id, fields, isoNow());
    await auditScanner(deps, trx, actor, 'update', name);
  });
}

/** Deletes a registration with its reports and the projects' choices of it; answers what it was. */
export async function deleteScannerAs(deps: Deps, actor: Actor, uuid: string): Promise<ScannerRow> {
  requireSystemPermission(actor, 'scanner', 'delete');
  return inTransaction(deps.db, async (trx) => {
    const row = await existingScanner(trx, uuid);
    await deleteScannerRow(trx, row.id);
    await auditScanner(deps, trx, actor, 'delete', row.name);
    return row;
  });
}

/** PATCH /scanners/{id} with is_default=true makes it the one default; false changes nothing (Harbor). */
export async function setScannerDefaultAs(deps: Deps, actor: Actor, uuid: string, isDefault: boolean): Promise<void> {
  requireSystemPermission(actor, 'scanner', 'update');
  await inTransaction(deps.db, async (trx) => {
    const row = await existingScanner(trx, uuid);
    if (!isDefault) return;
    if (row.disabled) throw invalid(`the scanner registration ${row.name} is disabled and cannot be the default`, 'is_default');
    await setDefaultScanner(trx, row.id, isoNow());
    await auditScanner(deps, trx, actor, 'update', row.name);
  });
}

/** POST /scanners/ping: the adapter answers its metadata and scans images into Harbor's report; else 400 saying why. */
export async function pingScannerAs(deps: Deps, actor: Actor, input: { url?: string; auth?: string; accessCredential?: string }): Promise<AdapterMetadata> {
  requireSystemPermission(actor, 'scanner', 'read');
  if (!input.url) throw invalid('url is required', 'url');
  const auth = checkAuth(input.auth);
  const endpoint: AdapterEndpoint = { url: normalizeUrl(input.url), auth, credential: input.accessCredential ?? '', skipCertVerify: false };
  const metadata = await metadataOrInvalid(endpoint);
  if (!scansImages(metadata)) throw invalid(`The scanner adapter at ${endpoint.url} does not scan image manifests into ${'vulnerability reports'} Harbor reads`, 'url');
  return metadata;
}

async function metadataOrInvalid(endpoint: AdapterEndpoint): Promise<AdapterMetadata> {
  try {
    return await fetchMetadata(endpoint);
  } catch (err) {
    if (err instanceof ScanAdapterError) throw invalid(err.message, 'url');
    throw err;
  }
}

/** GET /scanners/{id}/metadata: the adapter's own answer. */
export async function scannerMetadataAs(deps: Deps, actor: Actor, uuid: string): Promise<AdapterMetadata> {
  requireSystemPermission(actor, 'scanner', 'read');
  const row = await existingScanner(deps.db, uuid);
  try {
    return await fetchMetadata(endpointOf(deps, row));
  } catch (err) {
    if (err instanceof ScanAdapterError) throw new AppError('UNAVAILABLE', err.message);
    throw err;
  }
}

export { findDefaultScanner };
