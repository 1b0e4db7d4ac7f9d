/**
 * Checks a request against its operation's schemas and turns the first problem into an error with
 * a plain sentence naming the field ("page_size must be at most 100.").
 *
 * Its status is Harbor's for the same case (go-swagger binds and validates before the handler,
 * src/lib/http/error.go writes the result): a query, path or header value against its schema is
 * 422 UNPROCESSABLE_ENTITY, and so is a body that breaks a constraint Harbor's swagger declares
 * (SWAGGER_BODY_RULES). Everything else stays 400 BAD_REQUEST: a body property of the wrong JSON
 * type (go-openapi cannot decode it), a body that is not a JSON object, NUL characters and
 * "__proto__" keys, the contracts' own refinements (code 'custom'), and body rules that Harbor
 * checks in its handlers. The /c routes (Berth's console session, not Harbor's API) share this
 * function; none of their forms is a swagger model, so their problems stay 400.
 */
import type { z } from 'zod';
import { invalid, unprocessable, type AppError } from '../lib/errors.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../lib/json-depth.js';

type Issue = z.core.$ZodIssue;
export type Part = 'path' | 'query' | 'header' | 'body';

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const TYPE_WORDS: Record<string, string> = { int: 'integer', nan: 'number' };

/** Contracts may word a problem themselves, as a predicate: { error: 'must be true or false' }. */
const CUSTOM = /^must /;

function sentence(field: string, issue: Issue): string {
  if (CUSTOM.test(issue.message)) return `${field} ${issue.message}.`;
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return `${field} is required.`;
      return `${field} must be ${article(TYPE_WORDS[issue.expected] ?? issue.expected)}.`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === 'string') return `${field} must be ${bound} characters long.`;
      if (issue.origin === 'array') return `${field} must hold ${bound} items.`;
      return `${field} must be ${bound}.`;
    }
    case 'invalid_value':
      return `${field} must be ${issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.join(', ')}`}.`;
    case 'invalid_format':
      return `${field} must be a valid ${issue.format === 'email' ? 'e-mail address' : issue.format}.`;
    default:
      return `${field} is not valid: ${issue.message}.`;
  }
}

/**
 * What no schema can be trusted to catch, found in one walk of the value: a string holding a NUL
 * (PostgreSQL cannot store one), a "__proto__" key (JSON may carry one, but no schema sees it,
 * so it would be dropped without a word), or nesting deeper than any request needs. The walk
 * keeps its own stack, so no depth of input can overflow the call stack. The first found, with
 * its path, or null.
 */
type Unsafe = { path: string[]; what: 'nul' | 'proto' | 'deep' };
function unsafeAt(root: unknown): Unsafe | null {
  const pending: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (value.includes('\0')) return { path, what: 'nul' };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) return { path: [], what: 'deep' };
    if (Object.hasOwn(value, '__proto__')) return { path: [...path, '__proto__'], what: 'proto' };
    // Pushed in reverse so the first field is looked at first, as the schema would report it.
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return null;
}

const UNSAFE_MESSAGES: Record<Unsafe['what'], (field: string) => string> = {
  nul: (field) => `${field} must not contain a NUL character.`,
  proto: (field) => `${field} is not a field Berth accepts.`,
  deep: (field) => `The ${field} must not nest deeper than ${MAX_JSON_DEPTH} levels.`,
};

/**
 * express.json's verify hook: a UTF-8 body that nests too deeply is refused from its bytes,
 * before JSON.parse builds it (other charsets are rare; the walk above bounds them after).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, bytes: Buffer, encoding: string): void {
  if (encoding === 'utf-8' && jsonNestsDeeperThan(bytes)) throw invalid(UNSAFE_MESSAGES.deep('request body'), 'body');
}

/** Parses one part of the request; throws INVALID naming the field at fault. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  const unsafe = unsafeAt(value);
  if (unsafe) {
    const field = unsafe.path.join('.') || part;
    throw invalid(UNSAFE_MESSAGES[unsafe.what](unsafe.what === 'deep' ? `request ${part}` : field), field);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problemOf(result.error.issues[0]!, part, value, schema.meta()?.id);
}

/**
 * The body constraints Harbor's swagger itself declares (api/v2.0/swagger.yaml), by model and
 * property: only these fail before Harbor's handler. Its models hold no other required property,
 * enum or bound that Berth's contracts check (ProjectReq, ProjectMetadata, ProjectMember,
 * UserCreationReq, Repository, Configurations... leave theirs to the handlers), so the rest of a
 * body's problems are 400, as Harbor's handlers answer them.
 */
const SWAGGER_BODY_RULES: Record<string, Record<string, 'required' | 'maxLength' | 'enum'>> = {
  ActionRequest: { action: 'enum' },
  NewTag: { name: 'required' },
  ProjectReq: { project_name: 'maxLength' },
  UserCreationReq: { username: 'maxLength', email: 'maxLength' },
};

const valueAt = (value: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>((inner, key) => (inner && typeof inner === 'object' ? (inner as Record<PropertyKey, unknown>)[key] : undefined), value);

/** True when Harbor answers this issue with 422 rather than 400 (the rule at the top). */
function isUnprocessable(issue: Issue, part: Part, value: unknown, model: string | undefined): boolean {
  if (issue.code === 'custom') return false;
  if (part !== 'body') return true;
  const rule = model ? SWAGGER_BODY_RULES[model]?.[issue.path.map(String).join('.')] : undefined;
  if (rule === 'required') return issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
  if (rule === 'enum') return issue.code === 'invalid_value';
  return rule === 'maxLength' && issue.code === 'too_big';
}

function problemOf(issue: Issue, part: Part, value: unknown, model: string | undefined): AppError {
  const path = issue.path.map(String).join('.');
  if (!path && part === 'body') return invalid('The request body must be a JSON object.', 'body');
  const field = path || part;
  return (isUnprocessable(issue, part, value, model) ? unprocessable : invalid)(sentence(field, issue), field);
}
