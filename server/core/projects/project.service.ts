/** Rules for changing projects: Harbor's name grammar, who may create, update and delete, and the audit rows. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { denied, invalid, precondition } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { CoreContext } from '../context.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { actorName, auditedBy, requireUser, type Actor } from '../security/actor.js';
import { dropUploadsOf } from '../uploads/upload.service.js';
import { projectFor, type ProjectRef } from './project-access.js';
import { deleteProjectRow, insertProject, updateProjectRow, type Project } from './project.repository.js';
import { countRepositoriesWithArtifacts } from './registry-usage.repository.js';

type Db = Kysely<Database>;

/** Harbor's rule (src/pkg/project/manager.go), with Docker's limit on a path component. */
export const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function projectNameProblem(name: string): string | null {
  if (name.length < 1 || name.length > 255) return 'The project name must be 1 to 255 characters long.';
  if (!PROJECT_NAME.test(name)) {
    return 'The project name may contain only lower case letters, digits and . _ - between them, and must start and end with a letter or digit.';
  }
  return null;
}

export interface NewProject {
  name: string;
  ownerId: number;
  public?: boolean;
  metadata?: Record<string, string>;
}

/** Creates the project and makes its owner a project admin, in one transaction. */
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
      creation_time: now,
      update_time: now,
    });
    await insertMember(trx, { projectId: project.id, userId: input.ownerId, role: ROLE.projectAdmin });
    return project;
  });
}

export interface ProjectRequest {
  /** Harbor's deprecated top-level flag; metadata.public wins when both are given. */
  public?: boolean | null;
  metadata?: Record<string, string | undefined>;
  registryId?: number | null;
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
  ctx: Pick<CoreContext, 'db' | 'settings'>,
  actor: Actor,
  req: ProjectRequest & { name: string },
): Promise<Project> {
  const user = requireUser(actor);
  if (!user.sysadmin && (await ctx.settings.get('project_creation_restriction')) === 'adminonly') {
    throw denied('Only system admin can create project.');
  }
  if (req.registryId !== undefined && req.registryId !== null) {
    throw invalid('Proxy cache projects are not supported yet; leave registry_id out.', 'registry_id');
  }
  const settled = settle(req, { public: false, metadata: {} });
  return inTransaction(ctx.db, async (trx) => {
    const project = await createProject(trx, { name: req.name, ownerId: user.id, ...settled });
    await writeAudit(trx, { projectId: project.id, operation: 'create', resourceType: 'project', resource: project.name, ...auditedBy(actor) });
    return project;
  });
}

/** PUT /projects/{p}: changes the public flag and metadata (merged into what is there); never the name. */
export async function updateProjectAs(db: Db, actor: Actor, ref: ProjectRef, req: ProjectRequest): Promise<void> {
  const { project } = await projectFor(db, actor, ref, 'project', 'update');
  const settled = settle(req, project);
  await inTransaction(db, async (trx) => {
    await updateProjectRow(trx, project.id, { ...settled, at: isoNow() });
    await writeAudit(trx, { projectId: project.id, operation: 'update', resourceType: 'project', resource: project.name, ...auditedBy(actor) });
  });
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
export async function deleteProjectAs(ctx: Pick<CoreContext, 'db' | 'events' | 'blobs'>, actor: Actor, ref: ProjectRef): Promise<void> {
  const { project } = await projectFor(ctx.db, actor, ref, 'project', 'delete');
  const at = isoNow();
  const removeUploadFiles = await inTransaction(ctx.db, async (trx) => {
    const problem = await deletionProblem(trx, project);
    if (problem) throw precondition(problem);
    const uploads = await dropUploadsOf(ctx, trx, { projectId: project.id });
    await deleteProjectRow(trx, project.id);
    await writeAudit(trx, { projectId: project.id, operation: 'delete', resourceType: 'project', resource: project.name, at, ...auditedBy(actor) });
    return uploads;
  });
  await removeUploadFiles();
  ctx.events.emit({ type: 'project.deleted', operator: actorName(actor), projectId: project.id, project: project.name, at });
}
