/**
 * Robot accounts (Harbor's /robots): who may manage them is the permission table's `robot` rows,
 * at system level for system robots and in the project for project robots. The secret is made
 * here, handed back once (creation, refresh) and stored only as a slow hash.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid, notFound } from '../../lib/errors.js';
import { hashPassword } from '../../lib/password.js';
import { parseQuery } from '../../lib/query-language.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { projectFor } from '../projects/project-access.js';
import type { Action } from '../rbac/permissions.js';
import { auditedBy, requireSystemPermission, requireUser, type Actor } from '../security/actor.js';
import { forgetRobot } from './robot-auth.js';
import { checkDuration, checkLevel, checkPermissions, checkRobotName, checkSecret, expiryOf, generateSecret } from './robot-input.js';
import type { Robot, RobotLevel, RobotPermission } from './robot-model.js';
import { deleteRobotRow, findRobotRowById, insertRobot, listRobotRows, ROBOT_LIST, toRobot, updateRobotRow, type RobotChange } from './robot.repository.js';
import type { OperationOn } from '../audit/audit-events.js';

type Ctx = Pick<CoreContext, 'db' | 'settings' | 'credentials' | 'audit'>;

/** A robot as the API shows it: the name with the prefix. */
export interface RobotView extends Robot {
  fullName: string;
}

export interface RobotInput {
  name?: string;
  description?: string;
  level?: string;
  duration?: number | null;
  disable?: boolean;
  secret?: string;
  permissions?: RobotPermission[];
}

async function requireRobotAccess(db: Kysely<Database>, actor: Actor, level: RobotLevel, projectId: number | null, action: Action): Promise<void> {
  if (level === 'system') requireSystemPermission(actor, 'robot', action);
  else await projectFor(db, actor, { id: projectId ?? 0 }, 'robot', action);
}

const viewOf = (robot: Robot, prefix: string): RobotView => ({ ...robot, fullName: `${prefix}${robot.name}` });

async function existing(ctx: Ctx, id: number): Promise<Robot> {
  const row = await findRobotRowById(ctx.db, id);
  if (!row) throw notFound(`robot account ${id} not found`);
  return toRobot(row);
}

/** Harbor's list: q=Level=system (the default) or q=Level=project,ProjectID=<id>. */
export async function listRobotsAs(ctx: Ctx, actor: Actor, paging: Paging): Promise<Page<RobotView>> {
  const conditions = parseQuery(paging.q);
  const exact = (key: string) => {
    const found = conditions.find((c) => c.key === key);
    return found?.kind === 'exact' ? found.value : found ? '' : undefined;
  };
  const level = checkLevel(exact('Level') ?? 'system');
  let projectId: number | null = null;
  if (level === 'project') {
    const raw = exact('ProjectID');
    if (raw === undefined) throw invalid('Listing project robot accounts needs ProjectID in q.', 'q');
    projectId = /^\d+$/.test(raw) ? Number(raw) : 0;
    if (projectId <= 0 || projectId > 2 ** 31 - 1) throw invalid('ProjectID must be a positive integer.', 'q');
  }
  await requireRobotAccess(ctx.db, actor, level, projectId, 'list');
  const extra = [
    { key: 'level', kind: 'exact' as const, value: level },
    ...(projectId ? [{ key: 'project_id', kind: 'exact' as const, value: String(projectId) }] : []),
  ];
  const page = await listRobotRows(ctx.db, buildListQuery(ROBOT_LIST, paging, extra));
  const prefix = await ctx.settings.get('robot_name_prefix');
  return { ...page, items: page.items.map((r) => viewOf(r, prefix)) };
}

export async function getRobotAs(ctx: Ctx, actor: Actor, id: number): Promise<RobotView> {
  const robot = await existing(ctx, id);
  await requireRobotAccess(ctx.db, actor, robot.level, robot.projectId, 'read');
  return viewOf(robot, await ctx.settings.get('robot_name_prefix'));
}

export async function createRobotAs(ctx: Ctx, actor: Actor, input: RobotInput): Promise<{ robot: RobotView; secret: string }> {
  const name = checkRobotName(input.name);
  const level = checkLevel(input.level);
  const duration = checkDuration(input.duration ?? (await ctx.settings.get('robot_token_duration')));
  const { permissions, project } = await checkPermissions(ctx.db, level, input.permissions);
  await requireRobotAccess(ctx.db, actor, level, project?.id ?? null, 'create');
  const creator = requireUser(actor);
  const secret = input.secret ? checkSecret(input.secret) : generateSecret();
  const stored = project ? `${project.name}+${name}` : name;
  const prefix = await ctx.settings.get('robot_name_prefix');
  const now = isoNow();
  const id = await inTransaction(ctx.db, async (trx) => {
    const fields = {
      name: stored,
      description: input.description ?? '',
      level,
      projectId: project?.id ?? null,
      secretHash: await hashPassword(secret),
      duration,
      expiresAt: expiryOf(duration, now),
      disabled: input.disable ?? false,
      permissions,
      creatorType: 'local',
      creatorRef: creator.id,
    };
    const robotId = await insertRobot(trx, fields, now, `${prefix}${stored}`);
    await ctx.audit.write(trx, { projectId: project?.id ?? null, operation: 'create', resourceType: 'robot', resource: `${prefix}${stored}`, ...auditedBy(actor) });
    return robotId;
  });
  return { robot: viewOf(await existing(ctx, id), prefix), secret };
}

/** Harbor's PUT: name and level stay; description, expiry, disable and permissions change. */
export async function updateRobotAs(ctx: Ctx, actor: Actor, id: number, input: RobotInput): Promise<void> {
  const robot = await existing(ctx, id);
  const prefix = await ctx.settings.get('robot_name_prefix');
  await requireRobotAccess(ctx.db, actor, robot.level, robot.projectId, 'update');
  if (input.level !== undefined && input.level !== robot.level) throw invalid('The level of a robot account cannot change.', 'level');
  if (input.name !== undefined && input.name !== `${prefix}${robot.name}` && input.name !== robot.name) {
    throw invalid('The name of a robot account cannot change.', 'name');
  }
  const change: RobotChange = { description: input.description ?? robot.description, disabled: input.disable ?? robot.disabled };
  if (input.duration !== undefined && input.duration !== null && input.duration !== robot.duration) {
    change.duration = checkDuration(input.duration);
    change.expiresAt = expiryOf(change.duration, robot.creationTime);
  }
  if (input.permissions !== undefined) {
    const checked = await checkPermissions(ctx.db, robot.level, input.permissions);
    if (robot.level === 'project' && checked.project?.id !== robot.projectId) throw invalid('A project robot account stays in its project.', 'permissions');
    change.permissions = checked.permissions;
  }
  await saveChange(ctx, actor, robot, prefix, change, 'update');
}

/** PATCH: the secret given (then not echoed, as Harbor), or a new one made and shown once. */
export async function refreshRobotSecretAs(ctx: Ctx, actor: Actor, id: number, given: string | undefined): Promise<string | undefined> {
  const robot = await existing(ctx, id);
  await requireRobotAccess(ctx.db, actor, robot.level, robot.projectId, 'update');
  const secret = given ? checkSecret(given) : generateSecret();
  await saveChange(ctx, actor, robot, await ctx.settings.get('robot_name_prefix'), { secretHash: await hashPassword(secret) }, 'update');
  return given ? undefined : secret;
}

export async function deleteRobotAs(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const robot = await existing(ctx, id);
  await requireRobotAccess(ctx.db, actor, robot.level, robot.projectId, 'delete');
  const fullName = `${await ctx.settings.get('robot_name_prefix')}${robot.name}`;
  await inTransaction(ctx.db, async (trx) => {
    await deleteRobotRow(trx, id);
    await ctx.audit.write(trx, { projectId: robot.projectId, operation: 'delete', resourceType: 'robot', resource: fullName, ...auditedBy(actor) });
  });
  forgetRobot(ctx, fullName);
}

async function saveChange(ctx: Ctx, actor: Actor, robot: Robot, prefix: string, change: RobotChange, operation: OperationOn<'robot'>): Promise<void> {
  const fullName = `${prefix}${robot.name}`;
  await inTransaction(ctx.db, async (trx) => {
    await updateRobotRow(trx, robot.id, change, isoNow());
    await ctx.audit.write(trx, { projectId: robot.projectId, operation, resourceType: 'robot', resource: fullName, ...auditedBy(actor) });
  });
  forgetRobot(ctx, fullName);
}

