import { describe, expect, test } from 'vitest';
import { ROLE, type RoleId } from '../members/roles.js';
import { can, permissionsIn, registryActions, type ProjectAccess } from './access.js';

const access = (roles: RoleId[], isPublic = false, sysadmin = false): ProjectAccess => ({
  projectId: 1,
  public: isPublic,
  roles,
  sysadmin,
});

describe('can()', () => {
  test.each([
    ['limited guest', ROLE.limitedGuest, ['pull']],
    ['guest', ROLE.guest, ['pull']],
    ['developer', ROLE.developer, ['pull', 'push']],
    ['maintainer', ROLE.maintainer, ['pull', 'push', 'delete']],
    ['project admin', ROLE.projectAdmin, ['pull', 'push', 'delete']],
  ] as const)('a %s gets registry actions %j in a private project', (_name, role, actions) => {
    expect(registryActions(access([role]))).toEqual(actions);
  });

  test('a non-member gets nothing in a private project and pull in a public one; a missing project allows nothing', () => {
    expect(registryActions(access([]))).toEqual([]);
    expect(registryActions(access([], true))).toEqual(['pull']);
    expect(registryActions(null)).toEqual([]);
    expect(can(null, 'project', 'read')).toBe(false);
    // Berth's one addition to Harbor's public policies: opening a repository one may list and pull.
    expect(can(access([], true), 'repository', 'read')).toBe(true);
    expect(can(access([], true), 'repository', 'update')).toBe(false);
  });

  test('a system admin may do everything, member or not', () => {
    expect(registryActions(access([], false, true))).toEqual(['pull', 'push', 'delete']);
    expect(can(access([], false, true), 'log', 'list')).toBe(true);
  });

  test('Harbor nuances: developers delete nothing, only project admins read the project log or manage members', () => {
    const developer = access([ROLE.developer]);
    expect(can(developer, 'artifact', 'delete')).toBe(false);
    expect(can(developer, 'tag', 'delete')).toBe(false);
    expect(can(developer, 'tag', 'create')).toBe(true);
    expect(can(access([ROLE.maintainer]), 'log', 'list')).toBe(false);
    expect(can(access([ROLE.maintainer]), 'member', 'create')).toBe(false);
    expect(can(access([ROLE.projectAdmin]), 'member', 'create')).toBe(true);
    expect(can(access([ROLE.projectAdmin]), 'project', 'delete')).toBe(true);
    expect(can(access([ROLE.guest], true), 'member', 'list')).toBe(true);
    expect(can(access([], true), 'member', 'list')).toBe(false);
  });

  test('permissionsIn lists exactly what can() allows', () => {
    const granted = permissionsIn(access([ROLE.guest]));
    expect(granted).toContainEqual({ resource: 'repository', action: 'pull' });
    expect(granted).not.toContainEqual({ resource: 'repository', action: 'push' });
    for (const { resource, action } of granted) expect(can(access([ROLE.guest]), resource, action)).toBe(true);
  });
});
