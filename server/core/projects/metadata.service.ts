/**
 * /projects/{p}/metadatas: a project's string-valued settings one key at a time, with Harbor's
 * checks (src/server/v2.0/handler/project_metadata.go): one key per request, switches read as
 * booleans and stored as "true"/"false", severity one of Harbor's names. `public` is the
 * project's own column and always present; the rest live in the metadata JSON. Keys Harbor does
 * not check are stored as given, as Harbor stores them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { conflict, invalid } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import type { Action } from '../rbac/permissions.js';
import { auditedBy, type Actor } from '../security/actor.js';
import { projectFor, type ProjectRef } from './project-access.js';
import { updateProjectRow, type Project } from './project.repository.js';

type Db = Kysely<Database>;

export const BOOLEAN_METADATA = [
  'public',
  'enable_content_trust',
  'enable_content_trust_cosign',
  'prevent_vul',
  'auto_scan',
  'auto_sbom_generation',
  'reuse_sys_cve_allowlist',
  'proxy_cache_local_on_not_found',
  'proxy_referrer_api',
] as const;
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];
const KEY = /^[a-z][a-z0-9_.]{0,63}$/;
const MAX_VALUE = 1024;

/** The one key and its value as stored, or INVALID naming what is wrong (Harbor's validate()). */
export function checkedMetadata(entries: Record<string, string>): [string, string] {
  const pairs = Object.entries(entries);
  if (pairs.length !== 1) throw invalid('Give exactly one metadata key and its value, such as {"auto_scan": "true"}.', 'metadata');
  const [key, value] = pairs[0]!;
  if (!KEY.test(key)) throw invalid(`${key} is not a metadata name: lower case letters, digits and _ only, up to 64.`, 'metadata');
  if ((BOOLEAN_METADATA as readonly string[]).includes(key)) {
    if (TRUE.includes(value)) return [key, 'true'];
    if (FALSE.includes(value)) return [key, 'false'];
    throw invalid(`${key} must be true or false, not "${value}".`, key);
  }
  if (key === 'severity') {
    const lower = value.toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(lower)) throw invalid(`severity must be one of ${SEVERITIES.join(', ')}, not "${value}".`, key);
    return [key, lower];
  }
  if (value.length > MAX_VALUE) throw invalid(`${key} must be at most ${MAX_VALUE} characters long.`, key);
  return [key, value];
}

/** Every key with its value; public always there. */
export const metadataOf = (project: Pick<Project, 'public' | 'metadata'>): Record<string, string> => ({
  ...project.metadata,
  public: project.public ? 'true' : 'false',
});

async function projectWith(db: Db, actor: Actor, ref: ProjectRef, action: Action) {
  return (await projectFor(db, actor, ref, 'metadata', action)).project;
}

export async function listMetadataAs(db: Db, actor: Actor, ref: ProjectRef): Promise<Record<string, string>> {
  return metadataOf(await projectWith(db, actor, ref, 'read'));
}

/** {name: value}, or {} when the project does not have the key (Harbor's answer). */
export async function getMetadataAs(db: Db, actor: Actor, ref: ProjectRef, name: string): Promise<Record<string, string>> {
  const all = metadataOf(await projectWith(db, actor, ref, 'read'));
  return Object.hasOwn(all, name) ? { [name]: all[name]! } : {};
}

type Deps = Pick<CoreContext, 'db' | 'registry' | 'audit'>;

async function save(deps: Deps, actor: Actor, project: Project, metadata: Record<string, string>): Promise<void> {
  const { public: publicText, ...rest } = metadata;
  await inTransaction(deps.db, async (trx) => {
    await updateProjectRow(trx, project.id, { public: publicText === 'true', metadata: rest, at: isoNow() });
    await deps.audit.write(trx, { projectId: project.id, operation: 'update', resourceType: 'project', resource: project.name, ...auditedBy(actor) });
  });
  // The pull path caches the project's policy (enable_content_trust_cosign): every process forgets it.
  await deps.registry.forget({ projectPolicy: project.id });
}

/** POST: a key the project does not have yet. */
export async function addMetadataAs(deps: Deps, actor: Actor, ref: ProjectRef, body: Record<string, string>): Promise<void> {
  const project = await projectWith(deps.db, actor, ref, 'create');
  const [key, value] = checkedMetadata(body);
  const current = metadataOf(project);
  if (Object.hasOwn(current, key)) throw conflict(`The project already has ${key}; change it with PUT /projects/{project}/metadatas/${key}.`);
  await save(deps, actor, project, { ...current, [key]: value });
}

/** PUT: the body's value for `name` (other keys in the body are ignored, as Harbor ignores them). */
export async function updateMetadataAs(deps: Deps, actor: Actor, ref: ProjectRef, name: string, body: Record<string, string>): Promise<void> {
  const project = await projectWith(deps.db, actor, ref, 'update');
  const [key, value] = checkedMetadata({ [name]: body[name] ?? '' });
  await save(deps, actor, project, { ...metadataOf(project), [key]: value });
}

/** DELETE: the key goes; public reads false without it, as every switch reads its default. */
export async function deleteMetadataAs(deps: Deps, actor: Actor, ref: ProjectRef, name: string): Promise<void> {
  const project = await projectWith(deps.db, actor, ref, 'delete');
  const { [name]: _gone, ...rest } = metadataOf(project);
  await save(deps, actor, project, name === 'public' ? { ...rest, public: 'false' } : rest);
}
