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
