/**
 * What core services and the surfaces above them are built from. The composition root
 * (server/app.ts) makes one; tests make one from a temporary data directory.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/load.js';
import type { DbHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { SigningKey } from '../lib/jwt.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { Loggers } from '../log/loggers.js';
import type { TokenMinter } from '../remote/types.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { AuditLog } from './audit/audit-log.js';
import type { EventBus } from './events/bus.js';
import type { JobService } from './jobs/job-service.js';
import type { RegistryRuntime } from './registry/runtime.js';
import type { CredentialMemory } from './sessions/credential-memory.js';
import type { SettingsService } from './settings/settings.service.js';

export interface CoreContext {
  config: Config;
  db: Kysely<Database>;
  database: DbHandle;
  settings: SettingsService;
  /** Writes audit rows (in the caller's transaction) and hands them to this app's forwarder. */
  audit: AuditLog;
  /** Announces pushes, pulls and deletes to in-process subscribers. */
  events: EventBus;
  loggers: Loggers;
  /** Berth's version, from package.json. */
  version: string;
  /** Throws when the blob store cannot be written. */
  checkStorage(): Promise<void>;
  /** Content-addressed blobs and uploads in progress. */
  blobs: BlobStore;
  /** Signs registry tokens (the token service) and verifies them (the registry). */
  tokenKey: SigningKey;
  /** The registry's caches and pull recorder; close() flushes what is pending. */
  registry: RegistryRuntime;
  /** Credentials this app checked and the checks under way (sessions/credential-memory.ts); never shared between apps. */
  credentials: CredentialMemory;
  /** Seals and opens stored secrets (remote registries' credentials, CLI secrets, provider tokens) with the secret key. */
  secretBox: SecretBox;
  /**
   * This process's own /v2 as replication reaches it: its HTTP listener (http://127.0.0.1:<port>)
   * and a minter of system tokens. Set by lifecycle.ts once listening; absent before.
   */
  loopback?: { url: string; mintToken: TokenMinter };
  /** Executions, tasks, this process's job workers and cron schedules (server/jobs/). */
  jobs: JobService;
}
