/**
 * The registry's in-process state: short-lived lookup caches for the pull path, and the pull
 * recorder. Nothing here must survive the process.
 *
 * The rule for every cache here: it is a copy of the database, and whoever changes what it
 * copies calls forget() after the change commits and before answering. forget() drops the
 * entries in this process and, on PostgreSQL, tells every other process on the database
 * (LISTEN/NOTIFY, db/broadcast.ts), which drops them within milliseconds; the answer waits until
 * PostgreSQL has taken the message. A hit counts only once this process has caught up with every
 * message published before the request began (lookup() with a mark()), so a change made through
 * another process is seen at the next request here, not milliseconds later. A value read from the
 * database is stored only if nothing was dropped while it was read (keep()), so a read that began
 * before a change cannot put back what the change removed. LOOKUP_TTL_MS bounds
 * the staleness if a message is lost anyway, and a process whose listening connection drops
 * forgets everything.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { NO_BROADCAST, openBroadcast, type Broadcast } from '../../db/broadcast.js';
import type { DatabaseSettings } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { newProcessIdentity } from '../../lib/process-identity.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { StoredManifest } from '../artifacts/artifact.repository.js';
import type { AuditLog } from '../audit/audit-log.js';
import { PullRecorder } from '../artifacts/pull-recorder.js';
import { TagsJsonCache } from '../artifacts/tags-json-cache.js';
import type { TagTarget } from '../artifacts/tag.repository.js';

export const LOOKUP_TTL_MS = 2000;
/** Larger manifests are served from the database each time rather than held in memory. */
export const MAX_CACHED_MANIFEST_BYTES = 64 * 1024;

/** What a change makes stale, by the cache keys of RegistryRuntime. */
export type StaleEntry =
  | { tag: string; repository: string }
  | { manifest: string; repository: string }
  | { blob: string; repository: string }
  /** Every entry of one repository (it was deleted). */
  | { repository: string }
  /** A project's pull policy (its content trust switches changed). */
  | { projectPolicy: number };

const keyOf = (repository: string, sep: string, name: string) => `${repository}${sep}${name}`;

/** A project's settings on the registry's paths: signatures a pull needs, prevent_vul's severity (null: off), auto scan and SBOM on push. */
export interface ProjectPolicy {
  cosign: boolean;
  notation: boolean;
  preventSeverity: string | null;
  autoScan: boolean;
  autoSbom: boolean;
}

export class RegistryRuntime {
  /** Names this process when it holds an upload's lease; others can tell from it when it died. */
  readonly instanceId = newProcessIdentity();
  /** `<repository>@<digest>` -> the manifest. */
  readonly manifests = new TtlCache<string, StoredManifest>(2000, LOOKUP_TTL_MS);
  /** `<repository>:<tag>` -> what the tag points at. */
  readonly tags = new TtlCache<string, TagTarget>(10_000, LOOKUP_TTL_MS);
  /** `<repository>@<digest>` -> size, for blobs the repository may serve. */
  readonly blobs = new TtlCache<string, number>(20_000, LOOKUP_TTL_MS);
  /** Project id -> its settings pulls and pushes consult (project-policy.ts). Changes forget the entry, here and in every process. */
  readonly projectPolicies = new TtlCache<number, ProjectPolicy>(10_000, LOOKUP_TTL_MS);
  /**
   * The artifact lists' texts of many inline tags. The exception to the rule above: each entry
   * carries the version of the tags it was written from, which every request reads from the
   * database, so nothing has to forget it (tags-json-cache.ts).
   */
  readonly tagTexts = new TagsJsonCache();
  readonly pulls: PullRecorder;
  private readonly broadcast: Broadcast;
  /** Counts drops, here or announced by another process (keep()). */
  private drops = 0;

  constructor(db: Kysely<Database>, audit: AuditLog, logger: Logger, settings?: DatabaseSettings) {
    this.pulls = new PullRecorder(db, audit, logger);
    this.broadcast = settings
      ? openBroadcast(settings, db, {
          channel: 'berth_registry_cache',
          sender: this.instanceId,
          onMessage: (message) => this.drop(JSON.parse(message) as StaleEntry[]),
          onGap: () => this.dropAll(),
          logger,
        })
      : NO_BROADCAST;
  }

  /** Taken when a request begins: its lookups wait for the messages published before it. */
  mark(): number {
    return this.broadcast.mark();
  }

  /** Taken before reading from the database what keep() will store. */
  beforeRead(): number {
    return this.drops;
  }

  /**
   * Stores `value`, read from the database after `before` (beforeRead()), unless something was
   * dropped since: the read may have started before that change committed, and would put back
   * what the drop removed.
   */
  keep<K, V>(cache: TtlCache<K, V>, key: K, value: V, before: number): void {
    if (before === this.drops) cache.set(key, value);
  }

  /** `cache`'s entry for `key`, once every change announced before `mark` has been applied here. */
  async lookup<K, V>(cache: TtlCache<K, V>, key: K, mark: number): Promise<V | undefined> {
    if (cache.get(key) === undefined) return undefined;
    if (!(await this.broadcast.caughtUp(mark))) return undefined;
    return cache.get(key);
  }

  /** Drops `entries` here and in every other process on the database (see the rule above). */
  async forget(...entries: StaleEntry[]): Promise<void> {
    this.drop(entries);
    await this.broadcast.publish(JSON.stringify(entries));
  }

  private drop(entries: StaleEntry[]): void {
    this.drops += 1;
    for (const entry of entries) {
      if ('projectPolicy' in entry) this.projectPolicies.delete(entry.projectPolicy);
      else if ('tag' in entry) this.tags.delete(keyOf(entry.repository, ':', entry.tag));
      else if ('manifest' in entry) this.manifests.delete(keyOf(entry.repository, '@', entry.manifest));
      else if ('blob' in entry) this.blobs.delete(keyOf(entry.repository, '@', entry.blob));
      else {
        const ofRepository = (key: string) => key.startsWith(`${entry.repository}:`) || key.startsWith(`${entry.repository}@`);
        this.manifests.deleteWhere(ofRepository);
        this.tags.deleteWhere(ofRepository);
        this.blobs.deleteWhere(ofRepository);
      }
    }
  }

  private dropAll(): void {
    this.drops += 1;
    this.manifests.deleteWhere(() => true);
    this.tags.deleteWhere(() => true);
    this.blobs.deleteWhere(() => true);
    this.projectPolicies.clear();
  }

  async close(): Promise<void> {
    await this.pulls.close();
    await this.broadcast.close();
  }
}
