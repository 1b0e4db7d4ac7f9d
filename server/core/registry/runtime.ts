/**
 * The registry's in-process state: short-lived lookup caches for the pull path, and the pull
 * recorder. Nothing here must survive the process: every cache is a copy of the database, kept
 * briefly (LOOKUP_TTL_MS) so another process's change shows within that time, and dropped at
 * once when this process makes the change.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.js';
import { newProcessIdentity } from '../../lib/process-identity.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { StoredManifest } from '../artifacts/artifact.repository.js';
import { PullRecorder } from '../artifacts/pull-recorder.js';
import type { TagTarget } from '../artifacts/tag.repository.js';

export const LOOKUP_TTL_MS = 2000;
/** Larger manifests are served from the database each time rather than held in memory. */
export const MAX_CACHED_MANIFEST_BYTES = 64 * 1024;

export class RegistryRuntime {
  /** Names this process when it holds an upload's lease; others can tell from it when it died. */
  readonly instanceId = newProcessIdentity();
  /** `<repository>@<digest>` -> the manifest. */
  readonly manifests = new TtlCache<string, StoredManifest>(2000, LOOKUP_TTL_MS);
  /** `<repository>:<tag>` -> what the tag points at. */
  readonly tags = new TtlCache<string, TagTarget>(10_000, LOOKUP_TTL_MS);
  /** `<repository>@<digest>` -> size, for blobs the repository may serve. */
  readonly blobs = new TtlCache<string, number>(20_000, LOOKUP_TTL_MS);
  readonly pulls: PullRecorder;

  constructor(db: Kysely<Database>, logger: Logger) {
    this.pulls = new PullRecorder(db, logger);
  }

  close(): Promise<void> {
    return this.pulls.close();
  }
}
