/**
 * Reading projects as a given caller sees them: Harbor's visibility (anonymous callers see
 * public projects, users public ones and their own, system admins all), with the caller's
 * roles and the repository counts filled in for each.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { buildListQuery, emptyPage, type Page, type Paging } from '../lists/list-query.js';
import type { Condition } from '../../lib/query-language.js';
import { countMembersByRole, rolesOfUserIn } from '../members/member.repository.js';
import type { RoleId } from '../members/roles.js';
import { can } from '../rbac/access.js';
import type { RobotIdentity } from '../robots/robot-model.js';
import { requireUser, type Actor } from '../security/actor.js';
import { principalOf } from '../security/subject.js';
import { allowlistsOf, type CveAllowlist } from './allowlist.repository.js';
import { projectFor, type ProjectRef } from './project-access.js';
import {
  findOwnerName,
  findProjectByName,
  listProjectRows,
  PROJECT_LIST,
  searchProjectRows,
  type ProjectVisibility,
  type ProjectWithOwner,
} from './project.repository.js';
import { countRepositoriesOfProject, countRepositoriesOfProjects, storageUsedByProject } from './registry-usage.repository.js';

type Db = Kysely<Database>;

export interface ProjectView extends ProjectWithOwner {
  /** The caller's roles in the project. */
  roles: RoleId[];
  repoCount: number;
  /** Whether the caller may change the project (Harbor's togglable). */
  togglable: boolean;
  allowlist: CveAllowlist;
}

/** What `actor` may see; `publicFilter` is the request's public=true|false, if any. */
export function visibilityFor(actor: Actor, publicFilter?: boolean): ProjectVisibility | null {
  if (actor.subject.kind === 'anonymous') return publicFilter === false ? null : { kind: 'public' };
  if (actor.subject.kind === 'robot') return robotVisibility(actor.subject.robot, publicFilter);
  const user = actor.subject.user;
  if (user.sysadmin) return { kind: 'all' };
  return { kind: 'member', userId: user.id, groupIds: user.groupIds ?? [], withPublic: publicFilter !== false };
}

/** A robot sees the projects its permissions name ("*": all) and the public ones. */
function robotVisibility(robot: RobotIdentity, publicFilter?: boolean): ProjectVisibility {
  const entries = robot.permissions.filter((p) => p.kind === 'project');
  if (robot.level === 'system' && entries.some((p) => p.namespace === '*')) return { kind: 'all' };
  const ids = robot.projectId ? [robot.projectId] : [];
  const names = robot.level === 'system' ? entries.map((p) => p.namespace) : [];
  return { kind: 'named', names, ids, withPublic: publicFilter !== false };
}

/** Adds the caller's roles, repository counts and togglable to projects. */
async function views(db: Db, actor: Actor, projects: ProjectWithOwner[]): Promise<ProjectView[]> {
  const ids = projects.map((p) => p.id);
  const user = actor.subject.kind === 'user' ? actor.subject.user : null;
  const principal = principalOf(actor.subject);
  const roles = principal ? await rolesOfUserIn(db, principal, ids) : new Map<number, RoleId[]>();
  const repoCounts = await countRepositoriesOfProjects(db, ids);
  const allowlists = await allowlistsOf(db, ids);
  return projects.map((p) => {
    const mine = roles.get(p.id) ?? [];
    const access = { projectId: p.id, public: p.public, roles: mine, sysadmin: user?.sysadmin ?? false };
    // Every project gets its row when made; Harbor answers an empty list without one too.
    const allowlist = allowlists.get(p.id) ?? { id: 0, projectId: p.id, cveIds: [], expiresAt: null, creationTime: p.creationTime, updateTime: p.creationTime };
    return { ...p, roles: mine, repoCount: repoCounts.get(p.id) ?? 0, togglable: can(access, 'project', 'update'), allowlist };
  });
}

export interface ProjectListRequest {
  paging: Paging;
  /** Names containing this. */
  name?: string;
  public?: boolean;
  /** The owner's username. */
  owner?: string;
}

export async function listProjectsAs(db: Db, actor: Actor, req: ProjectListRequest): Promise<Page<ProjectView>> {
  const extra: Condition[] = [
    ...(req.name ? [{ key: 'name', kind: 'fuzzy' as const, value: req.name }] : []),
    ...(req.public !== undefined ? [{ key: 'public', kind: 'exact' as const, value: String(req.public) }] : []),
    ...(req.owner ? [{ key: 'owner', kind: 'exact' as const, value: req.owner }] : []),
  ];
  const query = buildListQuery(PROJECT_LIST, req.paging, extra);
  const visibility = visibilityFor(actor, req.public);
  if (!visibility) return emptyPage(query);
  const page = await listProjectRows(db, visibility, query);
  return { ...page, items: await views(db, actor, page.items) };
}

export async function getProjectAs(db: Db, actor: Actor, ref: ProjectRef): Promise<ProjectView> {
  const { project } = await projectFor(db, actor, ref, 'project', 'read');
  const [view] = await views(db, actor, [{ ...project, ownerName: await findOwnerName(db, project.ownerId) }]);
  return view!;
}

/** HEAD /projects?project_name=: whether the name is taken (signed-in callers only). */
export async function projectNameTaken(db: Db, actor: Actor, name: string): Promise<boolean> {
  requireUser(actor);
  return (await findProjectByName(db, name)) !== undefined;
}

export interface ProjectSummary {
  repoCount: number;
  /** Present when the caller may list members. */
  memberCounts?: Record<RoleId, number>;
  /** Present when the caller may read the quota; -1 is unlimited. */
  quota?: { hard: number; used: number };
}

export async function projectSummaryAs(db: Db, actor: Actor, ref: ProjectRef): Promise<ProjectSummary> {
  const { project, access } = await projectFor(db, actor, ref, 'project', 'read');
  const summary: ProjectSummary = { repoCount: await countRepositoriesOfProject(db, project.id) };
  if (can(access, 'member', 'list')) summary.memberCounts = await countMembersByRole(db, project.id);
  if (can(access, 'quota', 'read')) summary.quota = { hard: project.storageLimit, used: await storageUsedByProject(db, project.id) };
  return summary;
}

/** GET /search: projects whose names contain `text`, among those the caller can see. */
export async function searchProjectsAs(db: Db, actor: Actor, text: string, limit: number): Promise<ProjectView[]> {
  const visibility = visibilityFor(actor)!;
  return views(db, actor, await searchProjectRows(db, visibility, text, limit));
}

