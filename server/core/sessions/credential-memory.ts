/**
 * What one app remembers about the credentials it checked, made with the app (CoreContext.
 * credentials) rather than held by modules, so two apps in one process (tests; instances of a
 * scaled-out deployment sharing a host) never share an entry or a queue.
 *
 * Each entry is a copy of the database under the rule of the registry runtime's caches
 * (core/registry/runtime.ts): bounded in time, and checked against the row it copies on every
 * use, so a changed password, a refreshed secret or a removed account stops working at once on
 * every instance without a message between them. None of them holds a password or a secret.
 */
import { TtlCache } from '../../lib/ttl-cache.js';
import type { User } from '../users/user.repository.js';

/** How long a robot's standing (disabled, expired, gone) is taken from memory on another instance. */
export const LIVENESS_TTL_MS = 10_000;
/** Password and secret hashes are slow on purpose: a pair that checked out is taken as good this long. */
export const VERIFIED_TTL_MS = 60_000;

/** A user's Basic credentials that checked out, with what the check found (the directory's groups). */
export interface RememberedUser {
  userId: number;
  /** Honoured only while the user row still says this (a password change moves it). */
  passwordChangedAt: string | null;
  groupIds?: readonly number[];
  adminRoleInAuth?: boolean;
}

export class CredentialMemory {
  /** Digest of a user's Basic pair -> what its check found (auth/basic.ts). */
  readonly users = new TtlCache<string, RememberedUser>(10_000, VERIFIED_TTL_MS);
  /** Digest of a robot's name and secret -> the robot and the hash that matched (robots/robot-auth.ts). */
  readonly robots = new TtlCache<string, { robotId: number; secretHash: string }>(10_000, VERIFIED_TTL_MS);
  /**
   * Token subject -> whether it names a robot that may no longer act (false for users), and when
   * the robot expires, so an expiry inside the remembered window counts at once.
   */
  readonly robotStanding = new TtlCache<string, { revoked: boolean; expiresAt: number }>(10_000, LIVENESS_TTL_MS);
  /** The tail of each account-at-an-address's queue of password checks (login.service.ts). */
  readonly checksInFlight = new Map<string, Promise<unknown>>();
  /** A user's refresh at the OpenID provider under way (auth/oidc-refresh.ts): one at a time per user. */
  readonly providerRefreshes = new Map<number, Promise<User | null>>();
}
