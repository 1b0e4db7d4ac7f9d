/**
 * GET /api/v2.0/openapi.json: the OpenAPI 3.1 document, generated from the operations the
 * router mounts (contracts/operations.ts) with zod's JSON Schema output. Named schemas
 * (.meta({ id })) become components; requests are described as clients send them (io: input),
 * responses as the server sends them (io: output).
 */
import { z } from 'zod';
import type { ApiOperation, ResponseSpec } from './contracts/operation.js';

type Json = Record<string, unknown>;

class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs)) {
      const hoisted = this.rewriteRefs(def);
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(hoisted)) {
        throw new Error(`schema ${id} differs between requests and responses; give each its own id`);
      }
      this.components[id] = hoisted;
    }
    return this.rewriteRefs(json);
  }

  private rewriteRefs(value: Json): Json {
    const text = JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/');
    return JSON.parse(text) as Json;
  }
}

const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());

function parameters(op: ApiOperation, schemas: SchemaCollector): Json[] {
  const parts = [
    ['path', op.params],
    ['query', op.query],
    ['header', op.headers],
  ] as const;
  return parts.flatMap(([where, object]) =>
    Object.entries(object?.shape ?? {}).map(([name, field]) => {
      const schema = schemas.convert(field as z.ZodType, 'input');
      const description = schema.description;
      delete schema.description;
      return {
        name: where === 'header' ? headerName(name) : name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
      };
    }),
  );
}

function responses(op: ApiOperation, schemas: SchemaCollector, hasParameters: boolean): Json {
  const specs: Record<number, ResponseSpec> = { ...op.responses };
  // A parameter against its schema is Harbor's 422 (server/api/validation.ts), as Harbor's swagger lists it.
  if (hasParameters && specs[400]) specs[422] = { ...specs[400], description: 'A parameter is not valid; the message names it.' };
  return Object.fromEntries(
    Object.entries(specs).map(([status, spec]) => [
      status,
      {
        description: spec.description,
        ...(spec.headers ? { headers: Object.fromEntries(spec.headers.map((h) => [h, { schema: { type: 'string' } }])) } : {}),
        ...(spec.body ? { content: { 'application/json': { schema: schemas.convert(spec.body, 'output') } } } : {}),
      },
    ]),
  );
}

export function buildOpenApi(operations: Record<string, ApiOperation>, version: string): Json {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of Object.values(operations)) {
    const params = parameters(op, schemas);
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.id,
      summary: op.summary,
      description: `Who may call it: ${op.access}.`,
      tags: [op.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemas.convert(op.body, 'input') } } } }
        : {}),
      responses: responses(op, schemas, params.length > 0),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Berth API',
      version,
      description:
        'Harbor v2.0-compatible REST API. Errors are {"errors":[{"code","message"}]}; lists take page, page_size, q and sort and answer with X-Total-Count and Link.',
    },
    servers: [{ url: '/api/v2.0' }],
    security: [{}, { basic: [] }, { session: [] }],
    components: {
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sid',
          description: 'From POST /c/login; state-changing requests also need the X-Harbor-CSRF-Token header.',
        },
      },
      schemas: schemas.components,
    },
    paths,
  };
}
