/** Harbor's project roles (role_id), in the order the console offers them: the server's (api/contracts/rules/access.ts). */
import { ROLES_BY_STRENGTH, type RoleId as SharedRoleId } from '../../server/api/contracts/rules/access';

export const ROLES = ROLES_BY_STRENGTH;

export type RoleId = SharedRoleId;

export const roleLabel = (id: number | null | undefined): string => (id ? (ROLES.find((r) => r.id === id)?.label ?? `Role ${id}`) : '—');
