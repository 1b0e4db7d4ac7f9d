/**
 * The one permission table. Every decision — the API's, the token service's grants, the
 * registry's per-request check, the console's buttons — comes from `can()` over these rows, so
 * the surfaces never disagree. Rows follow Harbor's project role matrix
 * (src/common/rbac/project/rbac_role.go) for the resources Berth has, named by the resources and
 * actions the console shares (api/contracts/rules/access.ts).
 */
import type { Action, ProjectResource } from '../../api/contracts/rules/access.js';
import { ROLE, type RoleId } from '../members/roles.js';

export { ACTIONS, PROJECT_RESOURCES, type Action, type ProjectResource } from '../../api/contracts/rules/access.js';

export type Permission = `${ProjectResource}:${Action}`;

const expand = (rows: Partial<Record<ProjectResource, string>>): ReadonlySet<Permission> => {
  const letters: Record<string, Action> = { C: 'create', R: 'read', U: 'update', D: 'delete', L: 'list' };
  const out = new Set<Permission>();
  for (const [resource, spec] of Object.entries(rows)) {
    for (const word of spec.split(' ')) {
      if (/^[CRUDL]+$/.test(word)) for (const ch of word) out.add(`${resource as ProjectResource}:${letters[ch]!}`);
      else out.add(`${resource as ProjectResource}:${word as Action}`);
    }
  }
  return out;
};

/** Role -> what it may do in its project. C R U D L are create, read, update, delete, list. */
export const ROLE_PERMISSIONS: Record<RoleId, ReadonlySet<Permission>> = {
  [ROLE.limitedGuest]: expand({
    project: 'R',
    quota: 'R',
    repository: 'RL pull',
    artifact: 'RL',
    tag: 'L',
    'artifact-addition': 'R',
    accessory: 'L',
    configuration: 'R',
    sbom: 'R',
    scan: 'R',
    scanner: 'R',
  }),
  [ROLE.guest]: expand({
    project: 'R',
    member: 'RL',
    label: 'RL',
    quota: 'R',
    repository: 'RL pull',
    artifact: 'RL',
    tag: 'L',
    'artifact-addition': 'R',
    accessory: 'L',
    robot: 'RL',
    configuration: 'R',
    sbom: 'R',
    scan: 'R',
    scanner: 'R',
  }),
  [ROLE.developer]: expand({
    project: 'R',
    member: 'RL',
    label: 'RL',
    quota: 'R',
    repository: 'CRUL push pull',
    artifact: 'CRL',
    tag: 'LC',
    'artifact-label': 'CD',
    'artifact-addition': 'R',
    accessory: 'L',
    robot: 'RL',
    configuration: 'R',
    'tag-retention': 'CRUDL operate',
    sbom: 'CR',
    scan: 'CR stop',
    scanner: 'R',
  }),
  [ROLE.maintainer]: expand({
    project: 'R',
    member: 'RL',
    metadata: 'R',
    label: 'CRUDL',
    quota: 'R',
    repository: 'CRUDL push pull',
    artifact: 'CRDL',
    tag: 'LCD',
    'artifact-label': 'CD',
    'artifact-addition': 'R',
    accessory: 'L',
    robot: 'RL',
    configuration: 'R',
    'immutable-tag': 'CUDL',
    'tag-retention': 'CRUDL operate',
    'notification-policy': 'RL',
    sbom: 'CR',
    scan: 'CR stop',
    scanner: 'R',
  }),
  [ROLE.projectAdmin]: expand({
    project: 'RUD',
    member: 'CRUDL',
    metadata: 'CRUD',
    log: 'L',
    label: 'CRUDL',
    quota: 'R',
    repository: 'CRUDL push pull',
    artifact: 'CRDL',
    tag: 'LCD',
    'artifact-label': 'CD',
    'artifact-addition': 'R',
    accessory: 'L',
    robot: 'CRUDL',
    configuration: 'RU',
    'immutable-tag': 'CUDL',
    'tag-retention': 'CRUDL operate',
    'notification-policy': 'CRUDL',
    sbom: 'CR',
    scan: 'CR stop',
    scanner: 'CR',
  }),
};

/**
 * What anyone, anonymous included, may do in a public project (Harbor's publicProjectPolicies),
 * plus repository:read: Harbor lets anyone list a public project's repositories and pull them but
 * not open one (GET /projects/{p}/repositories/{r} answers 401), which only breaks browsing.
 */
export const PUBLIC_PROJECT_PERMISSIONS: ReadonlySet<Permission> = expand({
  project: 'R',
  label: 'RL',
  repository: 'RL pull',
  tag: 'L',
  artifact: 'RL',
  'artifact-addition': 'R',
  accessory: 'L',
  sbom: 'R',
});

/** Registry token actions and the permission each needs (Harbor's token creator). */
export const REGISTRY_ACTIONS = {
  pull: 'repository:pull',
  push: 'repository:push',
  delete: 'repository:delete',
} as const satisfies Record<string, Permission>;
export type RegistryAction = keyof typeof REGISTRY_ACTIONS;

/**
 * System-level permissions (Harbor's src/common/rbac/system/policies.go, for the resources Berth
 * has or is building). Only system admins hold them: `canAdminister()`.
 */
export const SYSTEM_PERMISSIONS: readonly { resource: string; action: string }[] = [
  ['audit-log', 'list'],
  ['catalog', 'read'],
  ['configuration', 'read'],
  ['configuration', 'update'],
  ['project', 'list'],
  ['project', 'create'],
  ['user', 'list'],
  ['user', 'read'],
  ['user', 'create'],
  ['user', 'update'],
  ['user', 'delete'],
  ['registry', 'list'],
  ['registry', 'create'],
  ['registry', 'read'],
  ['registry', 'update'],
  ['registry', 'delete'],
  ['replication-policy', 'list'],
  ['replication-policy', 'create'],
  ['replication-policy', 'read'],
  ['replication-policy', 'update'],
  ['replication-policy', 'delete'],
  ['replication', 'list'],
  ['replication-adapter', 'list'],
  ['replication', 'create'],
  ['replication', 'read'],
  ['garbage-collection', 'list'],
  ['garbage-collection', 'create'],
  ['garbage-collection', 'read'],
  ['garbage-collection', 'update'],
  ['garbage-collection', 'stop'],
  ['purge-audit', 'list'],
  ['purge-audit', 'create'],
  ['purge-audit', 'read'],
  ['purge-audit', 'update'],
  ['purge-audit', 'stop'],
  // The job service's monitor (/jobservice/*) and the schedules list, as Harbor guards them.
  ['jobservice-monitor', 'list'],
  ['jobservice-monitor', 'stop'],
  ['quota', 'list'],
  ['quota', 'read'],
  ['quota', 'update'],
  // Global labels (scope g); a project's own labels use the project's label rows above.
  ['label', 'create'],
  ['label', 'update'],
  ['label', 'delete'],
  // System-level robot accounts (Harbor's NolimitProvider: system admins only, never given to robots).
  ['robot', 'list'],
  ['robot', 'create'],
  ['robot', 'read'],
  ['robot', 'update'],
  ['robot', 'delete'],
  // Scanner registrations and scan all (Harbor's ResourceScanner and ResourceScanAll at system level).
  ['scanner', 'list'],
  ['scanner', 'create'],
  ['scanner', 'read'],
  ['scanner', 'update'],
  ['scanner', 'delete'],
  ['scan-all', 'create'],
  ['scan-all', 'read'],
  ['scan-all', 'update'],
  ['scan-all', 'stop'],
].map(([resource, action]) => ({ resource: resource!, action: action! }));

/**
 * What a robot may be given in a project (Harbor's rbac PoliciesMap[ScopeProject], for the
 * resources Berth has): GET /permissions lists these, robot creation accepts only these, and a
 * robot's grants are read as rows of this table by can().
 */
export const ROBOT_PROJECT_PERMISSIONS: readonly { resource: ProjectResource; action: Action }[] = [
  ...[...expand({
    log: 'L',
    project: 'RUD',
    metadata: 'CRUDL',
    repository: 'RUDL pull push',
    artifact: 'CRDL',
    tag: 'CDL',
    accessory: 'L',
    'artifact-addition': 'R',
    'artifact-label': 'CD',
    'immutable-tag': 'CUDL',
    'notification-policy': 'CRUDL',
    'tag-retention': 'CRUDL',
    label: 'CRUDL',
    quota: 'R',
    sbom: 'CR',
  })].map((permission) => {
    const [resource, action] = permission.split(':') as [ProjectResource, Action];
    return { resource, action };
  }),
];

/** What a system robot may be given at system level: the system rows above but robots (Harbor's PoliciesMap[ScopeSystem]). */
export const ROBOT_SYSTEM_PERMISSIONS = SYSTEM_PERMISSIONS.filter(({ resource }) => resource !== 'robot');
