/**
 * Errors a job throws. A TransientJobError (or any error that is neither of these) is retried
 * with backoff until the job type's attempts run out; a PermanentJobError fails the task at once
 * with its message (401, 403, digest mismatch: trying again cannot help).
 */
export class TransientJobError extends Error {
  readonly retryAfterMs?: number;
  constructor(message: string, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'TransientJobError';
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export class PermanentJobError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'PermanentJobError';
  }
}
