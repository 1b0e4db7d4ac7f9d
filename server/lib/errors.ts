/**
 * The domain's errors. Core code throws an AppError with a kind; each surface (/v2, /api, the
 * CLI) maps kinds to its own wire format in one table. Anything that is not an AppError is a
 * programmer error: logged with its stack, shown to clients as a bare "internal server error".
 */
export const ERROR_KINDS = [
  'INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'NOT_FOUND',
  /** A known path asked with a method it does not take; detail is the list it takes (Allow). */
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PRECONDITION',
  'TOO_LARGE',
  'UNSUPPORTED',
  /** Well-formed but against the API's schema (Harbor's 422 from swagger validation); field as INVALID. */
  'UNPROCESSABLE',
  'TOO_MANY_REQUESTS',
  'UNAVAILABLE',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface AppErrorOptions {
  /** The request field at fault, for INVALID and UNPROCESSABLE. */
  field?: string;
  /** Extra data safe to show the client. */
  detail?: unknown;
  /** Seconds, for TOO_MANY_REQUESTS. */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly field: string | undefined;
  readonly detail: unknown;
  readonly retryAfter: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
    this.detail = options.detail;
    this.retryAfter = options.retryAfter;
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

export const invalid = (message: string, field?: string) => new AppError('INVALID', message, { field });
export const unprocessable = (message: string, field?: string) => new AppError('UNPROCESSABLE', message, { field });
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const denied = (message: string) => new AppError('DENIED', message);
export const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);
export const precondition = (message: string) => new AppError('PRECONDITION', message);
