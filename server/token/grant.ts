/**
 * What a token grants (Harbor's mapping of project roles to registry scopes): for each requested scope, the requested actions
 * the caller holds (`*` asks for all of them). An unknown project or repository type grants
 * nothing, which is not an error (token spec: the registry refuses later, not the token service).
 * `registry:catalog:*` is for system admins only.
 */
import type { Kysely } from 'kysely';
import type { ResourceAccess } from '../auth/scope.js';
import type { RegistryAction } from '../core/rbac/permissions.js';
import { registryGrants } from '../core/rbac/registry-grants.js';
import { isSysadmin, type Subject } from '../core/security/subject.js';
import type { Database } from '../db/schema.js';
import { isRepositoryName } from '../lib/reference.js';

const intersect = (requested: string[], held: readonly string[]) =>
  requested.includes('*') ? [...held] : held.filter((action) => requested.includes(action));

export async function grantScopes(db: Kysely<Database>, subject: Subject, requested: ResourceAccess[]): Promise<ResourceAccess[]> {
  const held = new Map<string, Promise<RegistryAction[]>>();
  const holds = (name: string) => {
    let actions = held.get(name);
    if (!actions) held.set(name, (actions = isRepositoryName(name) ? registryGrants(db, subject, name) : Promise.resolve([])));
    return actions;
  };
  return Promise.all(
    requested.map(async (scope) => {
      if (scope.type === 'repository') return { ...scope, actions: intersect(scope.actions, await holds(scope.name)) };
      if (scope.type === 'registry' && scope.name === 'catalog' && isSysadmin(subject)) {
        return { ...scope, actions: intersect(scope.actions, ['*']) };
      }
      return { ...scope, actions: [] };
    }),
  );
}
