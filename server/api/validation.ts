/**
 * Checks a request against its operation's schemas and turns the first problem into a 400 with
 * a plain sentence naming the field ("page_size must be at most 100.").
 */
import type { z } from 'zod';
import { invalid, type AppError } from '../lib/errors.js';

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
 * (PostgreSQL cannot store one), or a "__proto__" key (JSON may carry one, but no schema sees
 * it, so it would be dropped without a word). The first found, with its path, or null.
 */
function unsafeAt(value: unknown, path: string[] = []): { path: string[]; what: 'nul' | 'proto' } | null {
  if (typeof value === 'string') return value.includes('\0') ? { path, what: 'nul' } : null;
  if (!value || typeof value !== 'object') return null;
  if (Object.hasOwn(value, '__proto__')) return { path: [...path, '__proto__'], what: 'proto' };
  for (const [key, inner] of Object.entries(value)) {
    const found = unsafeAt(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Parses one part of the request; throws INVALID naming the field at fault. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  const unsafe = unsafeAt(value);
  if (unsafe) {
    const field = unsafe.path.join('.') || part;
    throw invalid(unsafe.what === 'nul' ? `${field} must not contain a NUL character.` : `${field} is not a field Berth accepts.`, field);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problemOf(result.error.issues[0]!, part);
}

function problemOf(issue: Issue, part: Part): AppError {
  const path = issue.path.map(String).join('.');
  if (!path && part === 'body') return invalid('The request body must be a JSON object.', 'body');
  const field = path || part;
  return invalid(sentence(field, issue), field);
}
