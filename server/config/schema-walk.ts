/** Reads the shape of the config schema: its leaves, their descriptions and base types. */
import type { z } from 'zod';

export interface Leaf {
  path: string[];
  description: string | undefined;
  kind: 'number' | 'boolean' | 'string' | 'other';
}

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
}

const defOf = (schema: AnySchema) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/pipe wrappers, keeping the outermost description. */
function unwrap(schema: AnySchema): { base: AnySchema; description: string | undefined } {
  let current = schema;
  let description = schema.description;
  for (;;) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return { base: current, description };
    current = next;
    description ??= current.description;
  }
}

function kindOf(base: AnySchema): Leaf['kind'] {
  const type = defOf(base).type;
  if (type === 'number' || type === 'int') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'string' || type === 'enum') return 'string';
  if (type === 'union') return 'string';
  return 'other';
}

/** The description of a schema or of the first wrapped schema that has one. */
export const descriptionOf = (schema: AnySchema) => unwrap(schema).description;

/** Children of an object schema, or null when the schema is not an object. */
export function objectShape(schema: AnySchema): Record<string, AnySchema> | null {
  const { base } = unwrap(schema);
  const def = defOf(base);
  return def.type === 'object' && def.shape ? def.shape : null;
}

/** Every leaf of the schema, depth first. Records (free-form maps) count as leaves. */
export function leaves(schema: AnySchema, path: string[] = []): Leaf[] {
  const shape = objectShape(schema);
  if (!shape) {
    const { base, description } = unwrap(schema);
    return [{ path, description, kind: kindOf(base) }];
  }
  return Object.entries(shape).flatMap(([key, child]) => leaves(child, [...path, key]));
}

/** The schema found at a path, or null. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | null {
  let current: AnySchema = schema;
  for (const key of path) {
    const shape = objectShape(current);
    const child = shape?.[String(key)];
    if (!child) return null;
    current = child;
  }
  return current;
}

/** BERTH_ + the key path in upper snake case. */
export const envNameOf = (path: readonly string[]) => `BERTH_${path.join('_').toUpperCase()}`;
