/** GET /statistics, as Harbor counts: public for all, the caller's private projects, totals for admins. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireUser, type Actor } from '../security/actor.js';
import { countProjects } from './project.repository.js';
import { countRepositories, totalStorageUsed } from './registry-usage.repository.js';

export interface Statistics {
  privateProjects: number;
  privateRepositories: number;
  publicProjects: number;
  publicRepositories: number;
  /** Zero unless the caller is a system admin. */
  totalProjects: number;
  totalRepositories: number;
  totalStorage: number;
}

export async function statisticsAs(db: Kysely<Database>, actor: Actor): Promise<Statistics> {
  const user = requireUser(actor);
  const publicProjects = await countProjects(db, { kind: 'public' });
  const publicRepositories = await countRepositories(db, { kind: 'public' });
  if (user.sysadmin) {
    const totalProjects = await countProjects(db, { kind: 'all' });
    const totalRepositories = await countRepositories(db, { kind: 'all' });
    return {
      privateProjects: totalProjects - publicProjects,
      privateRepositories: totalRepositories - publicRepositories,
      publicProjects,
      publicRepositories,
      totalProjects,
      totalRepositories,
      // Maintained counters: one row, no cache (a cache would differ between instances).
      totalStorage: await totalStorageUsed(db),
    };
  }
  return {
    privateProjects: await countProjects(db, { kind: 'member', userId: user.id, groupIds: user.groupIds ?? [], withPublic: false }, false),
    privateRepositories: await countRepositories(db, { kind: 'private-of-member', userId: user.id, groupIds: user.groupIds ?? [] }),
    publicProjects,
    publicRepositories,
    totalProjects: 0,
    totalRepositories: 0,
    totalStorage: 0,
  };
}
