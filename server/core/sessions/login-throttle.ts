/**
 * How failed sign-ins slow down guessing, without letting anyone lock anyone else out.
 *
 * Per account at one client address: after 5 failures that account is locked for that address
 * for 30 s, then each further failure doubles the lock, up to 15 minutes. Per client address:
 * after 30 failures (across any accounts) the address is locked, from 1 minute. Failures are
 * forgotten an hour after the last one. While locked, sign-in answers 429 with Retry-After and
 * the password is not even checked; a successful sign-in clears that account's count at that
 * address (not the address's, so one valid account cannot reset a guessing address).
 *
 * There is no lock per account alone: anyone can make failures count against any account, so
 * such a lock would let a stranger shut the admin out with five guesses. A guesser is slowed at
 * its own address only; one spread over many addresses gets 5 guesses per address and account,
 * then waits double each time, and the admin at an address that has not failed still signs in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { clearFailures, countFailure, failureStates, lockUntil, type ThrottleKey } from './login-throttle.repository.js';

type Db = Kysely<Database>;

interface Policy {
  /** Failures allowed before the first lock. */
  limit: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const THROTTLE_POLICIES: Record<ThrottleKey['scope'], Policy> = {
  'account-address': { limit: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000 },
  address: { limit: 30, firstLockMs: 60_000, maxLockMs: 15 * 60_000 },
  // Reset mails: three per address and ten per client an hour or so, then a pause.
  'reset-email': { limit: 3, firstLockMs: 15 * 60_000, maxLockMs: 60 * 60_000 },
  'reset-address': { limit: 10, firstLockMs: 15 * 60_000, maxLockMs: 60 * 60_000 },
  'signup-address': { limit: 5, firstLockMs: 15 * 60_000, maxLockMs: 60 * 60_000 },
};

/** Failures older than this (since the last one) no longer count. */
export const FORGET_AFTER_MS = 60 * 60_000;

export const lockDuration = (policy: Policy, failures: number) =>
  failures < policy.limit ? 0 : Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** (failures - policy.limit));

/** Stands for the client address when it is unknown (a socket already gone). */
const UNKNOWN_ADDRESS = '-';

/**
 * The keys a sign-in attempt counts against: the account at the client's address, and the
 * address itself when known.
 */
export function throttleKeys(account: string, clientIp: string | null): ThrottleKey[] {
  const accountAtAddress = { scope: 'account-address' as const, key: `${clientIp ?? UNKNOWN_ADDRESS} ${account}`.slice(0, 255) };
  return [accountAtAddress, ...(clientIp ? [{ scope: 'address' as const, key: clientIp }] : [])];
}

/** "15 minutes", "40 seconds": the wait as people say it, rounded up. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/**
 * Throws TOO_MANY_REQUESTS (with Retry-After seconds) while any key is locked. Otherwise returns
 * whether the account has failures at this address (only then does a success need to clear them).
 */
export async function refuseWhileLocked(
  db: Db,
  keys: ThrottleKey[],
  now: number,
  tooMany = 'Too many failed sign-ins',
): Promise<{ accountHasFailures: boolean }> {
  const states = await failureStates(db, keys);
  const until = states
    .map((s) => s.lockedUntil)
    .filter((t): t is string => t !== null && Date.parse(t) > now)
    .sort()
    .at(-1);
  if (until) {
    const seconds = Math.max(1, Math.ceil((Date.parse(until) - now) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `${tooMany}. Try again in ${waitText(seconds)}.`, { retryAfter: seconds });
  }
  return { accountHasFailures: states.some((s) => s.scope === 'account-address') };
}

/** Counts a failure against each key and locks those past their limit. Run in the audit row's transaction. */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  const forgetBefore = new Date(now - FORGET_AFTER_MS).toISOString();
  for (const key of keys) {
    const failures = await countFailure(db, key, at, forgetBefore);
    const lock = lockDuration(THROTTLE_POLICIES[key.scope], failures);
    if (lock > 0) await lockUntil(db, key, new Date(now + lock).toISOString());
  }
}

/** After a successful sign-in: the account starts over at that address. */
export async function recordSuccess(db: Db, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys.filter((k) => k.scope === 'account-address')) await clearFailures(db, key);
}
