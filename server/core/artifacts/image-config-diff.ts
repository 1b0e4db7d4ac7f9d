/**
 * What changed in an image's run settings between two image configs (the `config` object of the
 * OCI image config): environment, entrypoint, command, working directory, user, labels, exposed
 * ports, volumes and stop signal, plus the platform. Keyed settings (ENV, labels) compare key by
 * key; sets (ports, volumes) member by member; the rest as whole values.
 */

export interface ConfigChange {
  /** The config field as the image config spells it (Env, Cmd, Labels, ExposedPorts, ...). */
  field: string;
  /** The variable, label, port or volume, for keyed and set fields. */
  key?: string;
  change: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

type Json = Record<string, unknown>;

const objectOf = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** A whole value as people read it: a string as is, an array or object as JSON; absent or empty as undefined. */
function shown(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function envOf(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const eq = item.indexOf('=');
    out.set(eq < 0 ? item : item.slice(0, eq), eq < 0 ? '' : item.slice(eq + 1));
  }
  return out;
}

const stringMap = (value: unknown) => new Map(Object.entries(objectOf(value)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
const keySet = (value: unknown) => new Map(Object.keys(objectOf(value)).map((k) => [k, '']));

function keyed(field: string, before: Map<string, string>, after: Map<string, string>, withValues: boolean): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (b === undefined) changes.push({ field, key, change: 'added', ...(withValues ? { after: a } : {}) });
    else if (a === undefined) changes.push({ field, key, change: 'removed', ...(withValues ? { before: b } : {}) });
    else if (a !== b) changes.push({ field, key, change: 'changed', before: b, after: a });
  }
  return changes;
}

function whole(field: string, beforeValue: unknown, afterValue: unknown): ConfigChange[] {
  const before = shown(beforeValue);
  const after = shown(afterValue);
  if (before === after) return [];
  if (before === undefined) return [{ field, change: 'added', after }];
  if (after === undefined) return [{ field, change: 'removed', before }];
  return [{ field, change: 'changed', before, after }];
}

const platformOf = (config: Json) =>
  [config.os, config.architecture, config.variant].filter((part): part is string => typeof part === 'string' && part !== '').join('/');

/** The changes from image config `fromConfig` to `toConfig` (both parsed JSON). */
export function diffImageConfigs(fromConfig: unknown, toConfig: unknown): ConfigChange[] {
  const fromTop = objectOf(fromConfig);
  const toTop = objectOf(toConfig);
  const from = objectOf(fromTop.config);
  const to = objectOf(toTop.config);
  return [
    ...whole('Platform', platformOf(fromTop), platformOf(toTop)),
    ...keyed('Env', envOf(from.Env), envOf(to.Env), true),
    ...whole('Entrypoint', from.Entrypoint, to.Entrypoint),
    ...whole('Cmd', from.Cmd, to.Cmd),
    ...whole('WorkingDir', from.WorkingDir, to.WorkingDir),
    ...whole('User', from.User, to.User),
    ...keyed('Labels', stringMap(from.Labels), stringMap(to.Labels), true),
    ...keyed('ExposedPorts', keySet(from.ExposedPorts), keySet(to.ExposedPorts), false),
    ...keyed('Volumes', keySet(from.Volumes), keySet(to.Volumes), false),
    ...whole('StopSignal', from.StopSignal, to.StopSignal),
  ];
}
