/**
 * Token scopes (distribution docs/spec/auth/scope.md): `type[(class)]:name:actions`, several per
 * `scope` parameter when separated by spaces. The name may itself contain colons (a tag, a
 * port), so the type ends at the first colon and the actions start after the last.
 */

export interface ResourceAccess {
  type: string;
  name: string;
  actions: string[];
}

export function parseScopes(values: string[]): ResourceAccess[] {
  const scopes: ResourceAccess[] = [];
  for (const scope of values.flatMap((v) => v.split(' ')).filter(Boolean)) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first) continue;
    const type = scope.slice(0, first).replace(/\(.*\)$/, '');
    const actions = scope.slice(last + 1).split(',').filter(Boolean);
    scopes.push({ type, name: scope.slice(first + 1, last), actions });
  }
  return scopes;
}

export const formatScope = (access: ResourceAccess) => `${access.type}:${access.name}:${access.actions.join(',')}`;
