/** Rules for changing projects: Harbor's name grammar, who may create, update and delete, and the audit rows. */
import type { Kysely } from 'kysely';
import { projectNameProblem } from '../../api/contracts/rules/names.js';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { denied, invalid, precondition } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { actorName, auditedBy, requireUser, type Actor } from '../security/actor.js';
import { saveAllowlist, type AllowlistInput } from './allowlist.repository.js';
import { dropUploadsOf } from '../uploads/upload.service.js';
import { projectFor, type ProjectRef } from './project-access.js';
import { deleteProjectRow, insertProject, updateProjectRow, type Project } from './project.repository.js';
import { countRepositoriesWithArtifacts } from './registry-usage.repository.js';
import { setStorageLimit } from '../quotas/quota.repository.js';

type Db = Kysely<Database>;

export interface NewProject {
  name: string;
  ownerId: number;
  public?: boolean;
  metadata?: Record<string, string>;
  /** Bytes; -1 (the default) for no quota. */
  storageLimit?: number;
  allowlist?: AllowlistInput;
}

/** Harbor's largest quota (lib.ValidateQuotaLimit): 1024 TB. */
export const MAX_STORAGE_LIMIT = 1024 ** 5;

/** Harbor's rule for a quota: -1 (none) or 1 byte to 1024 TB. */
export function storageLimitProblem(limit: number): string | null {
  if (limit === -1 || (limit >= 1 && limit <= MAX_STORAGE_LIMIT)) return null;
  return `storage_limit must be -1 (no limit) or a number of bytes from 1 to ${MAX_STORAGE_LIMIT} (1024 TB), not ${limit}.`;
}

/** A CVE allowlist as Harbor takes it: no empty id, none twice (src/pkg/allowlist/validator.go). */
export function allowlistProblem(cveIds: string[]): string | null {
  const seen = new Set<string>();
  for (const id of cveIds) {
    if (id.trim() === '') return 'cve_allowlist.items holds an empty CVE id.';
    if (seen.has(id)) return `cve_allowlist.items holds ${id} twice.`;
    seen.add(id);
  }
  return null;
}

/** Creates the project, its allowlist, and makes its owner a project admin, in one transaction. */
export async function createProject(db: Db, input: NewProject): Promise<Project> {
  const problem = projectNameProblem(input.name);
  if (problem) throw invalid(problem, 'project_name');
  return inTransaction(db, async (trx) => {
    const now = isoNow();
    const project = await insertProject(trx, {
      name: input.name,
      owner_id: input.ownerId,
      public: input.public ? 1 : 0,
      metadata: JSON.stringify(input.metadata ?? {}),
      storage_limit: input.storageLimit ?? -1,
      creation_time: now,
      update_time: now,
    });
    await saveAllowlist(trx, project.id, input.allowlist ?? { cveIds: [], expiresAt: null }, now);
    await insertMember(trx, { projectId: project.id, userId: input.ownerId, role: ROLE.projectAdmin });
    return project;
  });
}

export interface ProjectRequest {
  /** Harbor's deprecated top-level flag; metadata.public wins when both are given. */
  public?: boolean | null;
  metadata?: Record<string, string | undefined>;
  registryId?: number | null;
  /** Harbor's cve_allowlist; projectId, when given and not 0, must be the project's. */
  allowlist?: AllowlistInput & { projectId?: number | null };
}

function checkedAllowlist(req: ProjectRequest, projectId?: number): AllowlistInput | undefined {
  if (!req.allowlist) return undefined;
  const { projectId: named, cveIds, expiresAt } = req.allowlist;
  if (projectId !== undefined && named && named !== projectId) {
    throw invalid(`project_id in cve_allowlist must be ${projectId}, not ${named}.`, 'cve_allowlist');
  }
  const problem = allowlistProblem(cveIds);
  if (problem) throw invalid(problem, 'cve_allowlist');
  return { cveIds, expiresAt };
}

/** Splits Harbor's metadata into the public flag and the rest; `current` is the project's. */
function settle(req: ProjectRequest, current: { public: boolean; metadata: Record<string, string> }) {
  const given = Object.fromEntries(Object.entries(req.metadata ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  const { public: publicText, ...rest } = given;
  const isPublic = publicText !== undefined ? publicText === 'true' : (req.public ?? current.public);
  return { public: isPublic, metadata: { ...current.metadata, ...rest } };
}

/** POST /projects: the caller creates a project and becomes its project admin. */
export async function createProjectAs(
  ctx: Pick<CoreContext, 'db' | 'settings' | 'audit'>,
  actor: Actor,
  req: ProjectRequest & { name: string; storageLimit?: number | null },
): Promise<Project> {
  const user = requireUser(actor);
  if (!user.sysadmin && (await ctx.settings.get('project_creation_restriction')) === 'adminonly') {
    throw denied('Only system admin can create project.');
  }
  if (req.registryId !== undefined && req.registryId !== null) {
    throw invalid('Proxy cache projects are not supported yet; leave registry_id out.', 'registry_id');
  }
  // Harbor takes storage_limit from system admins only; 0 or none means storage_per_project.
  // Without quota_per_project_enable there is no quota at all.
  const quotas = await ctx.settings.all();
  const storageLimit = !quotas.quota_per_project_enable ? -1 : user.sysadmin && req.storageLimit ? req.storageLimit : quotas.storage_per_project;
  const limitProblem = storageLimitProblem(storageLimit);
  if (limitProblem) throw invalid(limitProblem, 'storage_limit');
  const allowlist = checkedAllowlist(req);
  const settled = settle(req, { public: false, metadata: {} });
  return inTransaction(ctx.db, async (trx) => {
    const project = await createProject(trx, { name: req.name, ownerId: user.id, ...settled, storageLimit, allowlist });
    await ctx.audit.write(trx, { projectId: project.id, operation: 'create', resourceType: 'project', resource: project.name, ...auditedBy(actor) });
    return project;
  });
}

/**
 * A new storage limit on update: Harbor ignores storage_limit there (its quota changes through
 * /quotas only); Berth takes it from system admins, as on create, and ignores it from others.
 */
function updatedLimit(actor: Actor, limit: number | null | undefined): number | undefined {
  if (limit === undefined || limit === null || limit === 0 || actor.subject.kind !== 'user' || !actor.subject.user.sysadmin) return undefined;
  const problem = storageLimitProblem(limit);
  if (problem) throw invalid(problem, 'storage_limit');
  return limit;
}

/** PUT /projects/{p}: changes the public flag, metadata (merged into what is there) and, for system admins, the storage limit; never the name. */
export async function updateProjectAs(
  deps: Pick<CoreContext, 'db' | 'registry' | 'audit'>,
  actor: Actor,
  ref: ProjectRef,
  req: ProjectRequest & { storageLimit?: number | null },
): Promise<void> {
  const { db } = deps;
  const { project } = await projectFor(db, actor, ref, 'project', 'update');
  const storageLimit = updatedLimit(actor, req.storageLimit);
  const settled = settle(req, project);
  const allowlist = checkedAllowlist(req, project.id);
  await inTransaction(db, async (trx) => {
    const at = isoNow();
    await updateProjectRow(trx, project.id, { ...settled, at });
    if (storageLimit !== undefined) await setStorageLimit(trx, project.id, storageLimit, at);
    if (allowlist) await saveAllowlist(trx, project.id, allowlist, at);
    await deps.audit.write(trx, { projectId: project.id, operation: 'update', resourceType: 'project', resource: project.name, ...auditedBy(actor) });
  });
  // The pull path caches the project's policy (enable_content_trust_cosign): every process forgets it.
  await deps.registry.forget({ projectPolicy: project.id });
}

/** Why the project cannot be deleted, or null when it can. */
async function deletionProblem(db: Db, project: Project): Promise<string | null> {
  const repositories = await countRepositoriesWithArtifacts(db, project.id);
  if (repositories === 1) return `The project ${project.name} holds a repository with artifacts; delete it before the project.`;
  if (repositories > 1) return `The project ${project.name} holds ${repositories} repositories with artifacts; delete them before the project.`;
  return null;
}

export async function projectDeletableAs(db: Db, actor: Actor, ref: ProjectRef): Promise<{ deletable: boolean; message?: string }> {
  const { project } = await projectFor(db, actor, ref, 'project', 'delete');
  const problem = await deletionProblem(db, project);
  return problem ? { deletable: false, message: problem } : { deletable: true };
}

/**
 * DELETE /projects/{p}: refused (412) while a repository holds artifacts. Members, empty
 * repositories and upload sessions (with their files) go with it.
 */
export async function deleteProjectAs(ctx: Pick<CoreContext, 'db' | 'events' | 'blobs' | 'audit'>, actor: Actor, ref: ProjectRef): Promise<void> {
  const { project } = await projectFor(ctx.db, actor, ref, 'project', 'delete');
  const at = isoNow();
  const removeUploadFiles = await inTransaction(ctx.db, async (trx) => {
    const problem = await deletionProblem(trx, project);
    if (problem) throw precondition(problem);
    const uploads = await dropUploadsOf(ctx, trx, { projectId: project.id });
    await deleteProjectRow(trx, project.id);
    await ctx.audit.write(trx, { projectId: project.id, operation: 'delete', resourceType: 'project', resource: project.name, at, ...auditedBy(actor) });
    return uploads;
  });
  await removeUploadFiles();
  ctx.events.emit({ type: 'project.deleted', operator: actorName(actor), projectId: project.id, project: project.name, at });
}
