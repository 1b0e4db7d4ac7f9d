/** Harbor's project roles, from the rules the console shares (api/contracts/rules/access.ts). */
import { ROLES_BY_STRENGTH, type RoleId } from '../../api/contracts/rules/access.js';

export { ROLE, ROLE_NAMES, isRoleId, type RoleId } from '../../api/contracts/rules/access.js';

/** The strongest of the roles, or 0 when there are none (Harbor's current_user_role_id). */
export const strongestRole = (roles: RoleId[]): RoleId | 0 => ROLES_BY_STRENGTH.find((r) => roles.includes(r.id))?.id ?? 0;
