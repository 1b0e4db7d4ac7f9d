/** Harbor's project role ids (src/common/const.go). */
export const ROLE = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
} as const;

export type RoleId = (typeof ROLE)[keyof typeof ROLE];

export const ROLE_NAMES: Record<RoleId, string> = {
  1: 'projectAdmin',
  2: 'developer',
  3: 'guest',
  4: 'maintainer',
  5: 'limitedGuest',
};

export const isRoleId = (value: unknown): value is RoleId =>
  typeof value === 'number' && Object.hasOwn(ROLE_NAMES, value);

/** Harbor's order of strength (projectAdmin > maintainer > developer > guest > limitedGuest). */
const STRENGTH: RoleId[] = [ROLE.projectAdmin, ROLE.maintainer, ROLE.developer, ROLE.guest, ROLE.limitedGuest];

/** The strongest of the roles, or 0 when there are none (Harbor's current_user_role_id). */
export const strongestRole = (roles: RoleId[]): RoleId | 0 => STRENGTH.find((r) => roles.includes(r)) ?? 0;
