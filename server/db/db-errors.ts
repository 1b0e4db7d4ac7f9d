/** Driver errors turned into domain errors where they happen (Harbor's orm/error.go idea). */
import { AppError } from '../lib/errors.js';

const codeOf = (err: unknown) => (err as { code?: unknown } | null)?.code;

export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Runs a write; a unique violation becomes CONFLICT with the given message. */
export async function orConflict<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', message, { cause: err });
    throw err;
  }
}
