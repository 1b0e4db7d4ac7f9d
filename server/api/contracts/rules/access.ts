/**
 * Harbor's project roles, resources and actions, declared once: the server's permission table
 * (core/rbac/permissions.ts) is written in them and the console names and checks them
 * (web/lib/roles.ts, web/lib/permissions.ts). Plain data, no imports: bundled into the console.
 */

/** Harbor's project role ids (src/common/const.go). */
export const ROLE = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
} as const;

export type RoleId = (typeof ROLE)[keyof typeof ROLE];

/** Harbor's role names, as its API spells them (role_name). */
export const ROLE_NAMES: Record<RoleId, string> = {
  1: 'projectAdmin',
  2: 'developer',
  3: 'guest',
  4: 'maintainer',
  5: 'limitedGuest',
};

/** The roles from strongest to weakest, as Harbor ranks them and the console offers them. */
export const ROLES_BY_STRENGTH = [
  // Ids as literals rather than ROLE's members, so the console's bundle need not carry ROLE.
  { id: 1, label: 'Project Admin' },
  { id: 4, label: 'Maintainer' },
  { id: 2, label: 'Developer' },
  { id: 3, label: 'Guest' },
  { id: 5, label: 'Limited Guest' },
] as const satisfies readonly { id: RoleId; label: string }[];

export const isRoleId = (value: unknown): value is RoleId => typeof value === 'number' && Object.hasOwn(ROLE_NAMES, value);

/** What a project holds that permissions name. */
export const PROJECT_RESOURCES = [
  'project',
  'member',
  'metadata',
  'log',
  'label',
  'quota',
  'repository',
  'artifact',
  'tag',
  'artifact-label',
  'artifact-addition',
  'accessory',
  'robot',
  'configuration',
  'immutable-tag',
  'tag-retention',
  'notification-policy',
  'sbom',
  // Vulnerability scans of the project's artifacts and the project's choice of scanner (Harbor's ResourceScan, ResourceScanner).
  'scan',
  'scanner',
] as const;
export type ProjectResource = (typeof PROJECT_RESOURCES)[number];

export const ACTIONS = ['read', 'list', 'create', 'update', 'delete', 'pull', 'push', 'operate', 'stop'] as const;
export type Action = (typeof ACTIONS)[number];
