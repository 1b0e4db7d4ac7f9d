/**
 * What core services and the surfaces above them are built from. The composition root
 * (server/app.ts) makes one; tests make one from a temporary data directory.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/load.js';
import type { DbHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Loggers } from '../log/loggers.js';
import type { EventBus } from './events/bus.js';
import type { SettingsService } from './settings/settings.service.js';

export interface CoreContext {
  config: Config;
  db: Kysely<Database>;
  database: DbHandle;
  settings: SettingsService;
  /** Announces pushes, pulls and deletes to in-process subscribers. */
  events: EventBus;
  loggers: Loggers;
  /** Berth's version, from package.json. */
  version: string;
  /** Throws when the blob store cannot be written. */
  checkStorage(): Promise<void>;
}
