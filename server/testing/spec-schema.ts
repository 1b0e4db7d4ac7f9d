/**
 * A small JSON Schema checker for the parts of OpenAPI 3.0 schemas the Scanner Adapter spec uses
 * (type, required, properties, additionalProperties, items, enum, $ref, format date-time), so the
 * test adapter can check every message against the spec's own schemas (ajv is not installed).
 * Answers the faults as "path: what is wrong"; an empty list means the value conforms.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Schema = {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  format?: string;
};

export class SpecSchemas {
  private readonly schemas: Record<string, Schema>;

  constructor(yamlPath: string) {
    const doc = parse(readFileSync(yamlPath, 'utf8')) as { components: { schemas: Record<string, Schema> } };
    this.schemas = doc.components.schemas;
  }

  /** The faults of `value` against components.schemas[name]. */
  check(name: string, value: unknown): string[] {
    const schema = this.schemas[name];
    if (!schema) throw new Error(`the spec has no schema ${name}`);
    const faults: string[] = [];
    this.walk(schema, value, name, faults);
    return faults;
  }

  private resolve(schema: Schema): Schema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const found = this.schemas[name];
    if (!found) throw new Error(`unresolved $ref ${schema.$ref}`);
    return this.resolve(found);
  }

  private walk(raw: Schema, value: unknown, at: string, faults: string[]): void {
    const schema = this.resolve(raw);
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (schema.enum && !schema.enum.includes(value)) faults.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
    if (type === 'string') {
      if (typeof value !== 'string') faults.push(`${at}: expected a string, got ${JSON.stringify(value)}`);
      else if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) faults.push(`${at}: ${value} is not a date-time`);
    } else if (type === 'number' || type === 'integer') {
      if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) faults.push(`${at}: expected a ${type}, got ${JSON.stringify(value)}`);
    } else if (type === 'boolean') {
      if (typeof value !== 'boolean') faults.push(`${at}: expected a boolean`);
    } else if (type === 'array') {
      if (!Array.isArray(value)) faults.push(`${at}: expected an array`);
      else if (schema.items) value.forEach((item, i) => this.walk(schema.items!, item, `${at}[${i}]`, faults));
    } else if (type === 'object') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        faults.push(`${at}: expected an object`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in record)) faults.push(`${at}: ${key} is required`);
      for (const [key, v] of Object.entries(record)) {
        const property = schema.properties?.[key];
        if (property) this.walk(property, v, `${at}.${key}`, faults);
        else if (typeof schema.additionalProperties === 'object') this.walk(schema.additionalProperties, v, `${at}.${key}`, faults);
        else if (schema.additionalProperties === false) faults.push(`${at}: ${key} is not allowed`);
      }
    }
  }
}
