/**
 * Slows password guessing on the registry's Basic logins (/v2 and /service/token): after
 * MAX_FAILURES wrong passwords for one user from one address within WINDOW_MS, further
 * attempts are refused (429, Retry-After) without running the deliberately slow password hash,
 * which is also what keeps a flood of bad logins from eating the CPU. The count is per process:
 * it protects that process's CPU, and a guesser spread over N processes still gets N x 10 a minute.
 */
import type { Kysely } from 'kysely';
import type { Subject } from '../core/security/subject.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../lib/errors.js';
import { TtlCache } from '../lib/ttl-cache.js';
import { parseBasic, subjectFromBasic } from './basic.js';

const MAX_FAILURES = 10;
const WINDOW_MS = 60_000;

export class LoginThrottle {
  private readonly failures = new TtlCache<string, { count: number; since: number }>(10_000, WINDOW_MS);

  constructor(private readonly clock: () => number = Date.now) {}

  /** Throws TOO_MANY_REQUESTS while `key` (address and username) is locked out. */
  check(key: string): void {
    const entry = this.failures.get(key);
    if (!entry || entry.count < MAX_FAILURES) return;
    const retryAfter = Math.max(1, Math.ceil((entry.since + WINDOW_MS - this.clock()) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `too many failed logins; try again in ${retryAfter} s`, { retryAfter });
  }

  failed(key: string): void {
    const entry = this.failures.get(key);
    if (entry) entry.count += 1;
    else this.failures.set(key, { count: 1, since: this.clock() });
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}

/** The throttle's key for a login attempt. */
export const attemptKey = (address: string | undefined, username: string) => `${address ?? ''}|${username}`;

/**
 * subjectFromBasic() behind the throttle: anonymous without a header, null for wrong or
 * malformed credentials, TOO_MANY_REQUESTS while locked out.
 */
export async function throttledBasic(
  db: Kysely<Database>,
  throttle: LoginThrottle,
  header: string | undefined,
  address: string | undefined,
): Promise<Subject | null> {
  const username = parseBasic(header)?.username;
  if (username === undefined) return subjectFromBasic(db, header);
  const key = attemptKey(address, username);
  throttle.check(key);
  const subject = await subjectFromBasic(db, header);
  if (subject?.kind === 'user') throttle.succeeded(key);
  else throttle.failed(key);
  return subject;
}
