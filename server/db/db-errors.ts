/** Driver errors turned into domain errors where they happen (Harbor's orm/error.go idea). */
import type { DatabaseConnection, Dialect, Driver } from 'kysely';
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

/**
 * The database's disk is full or failing: SQLite's SQLITE_FULL and SQLITE_IOERR_* (a write the
 * file system refused), ENOSPC from the file system itself, PostgreSQL's 53100 disk_full and
 * 58030 io_error. Not a programmer error but the server's state: UNAVAILABLE, a plain 503.
 */
function storageFailure(err: unknown): AppError | null {
  const code = codeOf(err);
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') {
    return new AppError('UNAVAILABLE', 'The database cannot be written: the disk holding it is full.', { cause: err });
  }
  if (code.startsWith('SQLITE_IOERR') || code === '58030') {
    return new AppError('UNAVAILABLE', 'The database cannot be read or written: its disk is full or failing.', { cause: err });
  }
  return null;
}

/**
 * `dialect` with every statement's disk failure (storageFailure) thrown as UNAVAILABLE, so no
 * caller above the database sees a driver's code for it. Kysely gets a wrapper of each
 * connection; the driver's own methods get the connection it made.
 */
export function translatingStorageErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => {
      const driver = dialect.createDriver();
      const made = new WeakMap<DatabaseConnection, DatabaseConnection>();
      // SQLite rolls a transaction back by itself on SQLITE_FULL and SQLITE_IOERR; the rollback
      // Kysely then sends fails, and must not hide the first error.
      const rolledBack = new WeakSet<DatabaseConnection>();
      const own = (wrapper: DatabaseConnection) => made.get(wrapper) ?? wrapper;
      // A function, not a promise: some drivers (better-sqlite3's) throw synchronously.
      const translated = async <T>(c: DatabaseConnection, work: () => Promise<T>): Promise<T> => {
        try {
          return await work();
        } catch (err) {
          const failure = storageFailure(err);
          if (!failure) throw err;
          rolledBack.add(c);
          throw failure;
        }
      };
      const wrapped: Driver = {
        init: () => driver.init(),
        acquireConnection: async () => {
          const connection = await driver.acquireConnection();
          const wrapper: DatabaseConnection = {
            executeQuery: (query) => translated(wrapper, () => connection.executeQuery(query)),
            streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
          };
          made.set(wrapper, connection);
          return wrapper;
        },
        beginTransaction: (c, settings) => {
          rolledBack.delete(c);
          return translated(c, () => driver.beginTransaction(own(c), settings));
        },
        commitTransaction: (c) => translated(c, () => driver.commitTransaction(own(c))),
        rollbackTransaction: async (c) => {
          try {
            await driver.rollbackTransaction(own(c));
          } catch (err) {
            if (!rolledBack.has(c)) throw err;
          }
        },
        releaseConnection: (c) => driver.releaseConnection(own(c)),
        destroy: () => driver.destroy(),
      };
      if (driver.savepoint) wrapped.savepoint = (c, name, compile) => translated(c, () => driver.savepoint!(own(c), name, compile));
      if (driver.rollbackToSavepoint) {
        wrapped.rollbackToSavepoint = (c, name, compile) => translated(c, () => driver.rollbackToSavepoint!(own(c), name, compile));
      }
      if (driver.releaseSavepoint) {
        wrapped.releaseSavepoint = (c, name, compile) => translated(c, () => driver.releaseSavepoint!(own(c), name, compile));
      }
      return wrapped;
    },
  };
}
