/** Harbor's project roles (role_id), in the order the console offers them. */

export const ROLES = [
  { id: 1, label: 'Project Admin' },
  { id: 4, label: 'Maintainer' },
  { id: 2, label: 'Developer' },
  { id: 3, label: 'Guest' },
  { id: 5, label: 'Limited Guest' },
] as const;

export type RoleId = (typeof ROLES)[number]['id'];

export const ROLE_LABELS: Record<number, string> = Object.fromEntries(ROLES.map((r) => [r.id, r.label]));

export const roleLabel = (id: number | null | undefined): string => (id ? (ROLE_LABELS[id] ?? `Role ${id}`) : '—');
