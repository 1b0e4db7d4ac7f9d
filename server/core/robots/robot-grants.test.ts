/** A robot's permission list read as rows of the permission table, then answered by can(). */
import { describe, expect, test } from 'vitest';
import { can, type ProjectAccess } from '../rbac/access.js';
import { robotGrantsIn, robotHoldsSystem } from './robot-grants.js';
import type { RobotIdentity } from './robot-model.js';

const team = { id: 7, name: 'team' };
const robot = (over: Partial<RobotIdentity>): RobotIdentity => ({ id: 1, fullName: 'robot$x', level: 'system', projectId: null, permissions: [], ...over });
const accessOf = (r: RobotIdentity, project = team): ProjectAccess => ({ projectId: project.id, public: false, roles: [], sysadmin: false, grants: robotGrantsIn(r, project) });
const allow = (resource: string, action: string) => ({ resource, action, effect: 'allow' });

describe('robot grants', () => {
  test('a project entry naming the project, its id or "*" grants its pairs; another project nothing', () => {
    for (const namespace of ['team', '7', '*']) {
      const r = robot({ permissions: [{ kind: 'project', namespace, access: [allow('repository', 'pull')] }] });
      expect([can(accessOf(r), 'repository', 'pull'), can(accessOf(r), 'repository', 'push')]).toEqual([true, false]);
    }
    const elsewhere = robot({ permissions: [{ kind: 'project', namespace: 'other', access: [allow('repository', 'pull')] }] });
    expect(can(accessOf(elsewhere), 'repository', 'pull')).toBe(false);
  });

  test('deny takes a pair away; pairs the table does not offer robots grant nothing; a project robot stays in its project', () => {
    const r = robot({
      permissions: [
        { kind: 'project', namespace: '*', access: [allow('repository', 'pull'), allow('repository', 'push'), allow('member', 'create')] },
        { kind: 'project', namespace: 'team', access: [{ resource: 'repository', action: 'push', effect: 'deny' }] },
      ],
    });
    expect([can(accessOf(r), 'repository', 'pull'), can(accessOf(r), 'repository', 'push'), can(accessOf(r), 'member', 'create')]).toEqual([true, false, false]);
    const own = robot({ level: 'project', projectId: 8, permissions: [{ kind: 'project', namespace: '*', access: [allow('repository', 'pull')] }] });
    expect([can(accessOf(own), 'repository', 'pull'), can(accessOf(own, { id: 8, name: 'mine' }), 'repository', 'pull')]).toEqual([false, true]);
  });

  test('system rows: held when given to a system robot, never robot management, never for project robots', () => {
    const permissions = [{ kind: 'system', namespace: '/', access: [allow('registry', 'list'), allow('robot', 'create')] }];
    expect(robotHoldsSystem(robot({ permissions }), 'registry', 'list')).toBe(true);
    expect(robotHoldsSystem(robot({ permissions }), 'registry', 'create')).toBe(false);
    expect(robotHoldsSystem(robot({ permissions }), 'robot', 'create')).toBe(false);
    expect(robotHoldsSystem(robot({ level: 'project', permissions }), 'registry', 'list')).toBe(false);
  });
});
