/**
 * GET /users/current/permissions: what the caller may do in a scope, as Harbor names it —
 * `/project/{id}` (resources `/project/{id}/repository`, or `repository` when relative; the
 * project itself is `/project/{id}`, or `.`) or `/system`. Any other scope allows nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findProjectById } from '../projects/project.repository.js';
import { requireUser, type Actor } from '../security/actor.js';
import { canAdminister, permissionsIn, projectAccess } from './access.js';
import { SYSTEM_PERMISSIONS } from './permissions.js';
import { rowIdOf } from '../../lib/row-id.js';

export interface ScopedPermission {
  resource: string;
  action: string;
}

export async function permissionsInScope(
  db: Kysely<Database>,
  actor: Actor,
  scope: string | undefined,
  relative: boolean,
): Promise<ScopedPermission[]> {
  requireUser(actor);
  const trimmed = scope?.replace(/\/+$/, '');
  if (trimmed === '/system') {
    if (!canAdminister(actor.subject)) return [];
    return SYSTEM_PERMISSIONS.map(({ resource, action }) => ({ resource: relative ? resource : `/system/${resource}`, action }));
  }
  const match = trimmed ? /^\/project\/(\d+)$/.exec(trimmed) : null;
  const id = match ? rowIdOf(match[1]!) : undefined;
  if (id === undefined) return [];
  const project = await findProjectById(db, id);
  if (!project) return [];
  const access = await projectAccess(db, actor.subject, project);
  return permissionsIn(access).map(({ resource, action }) => {
    const sub = resource === 'project' ? '' : resource;
    if (relative) return { resource: sub || '.', action };
    return { resource: sub ? `${trimmed}/${sub}` : trimmed!, action };
  });
}
