/**
 * Reads and changes runtime settings, validating each value and sealing secrets.
 *
 * The rule for the copy kept here (every Basic sign-in, token and robot check reads settings):
 * it is the database's, and update() drops it after its transaction commits and before it
 * returns, in this process and, on PostgreSQL, in every other process on the database
 * (LISTEN/NOTIFY, db/broadcast.ts), which drop theirs within milliseconds; a read here trusts the
 * copy only once it has caught up with every change announced before it began, so the change is
 * seen at the next request through any process. A copy older than SETTINGS_TTL_MS is read again,
 * which bounds a lost message or a row changed outside Berth; a process whose listening
 * connection drops forgets its copy.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { NO_BROADCAST, openBroadcast, type Broadcast } from '../../db/broadcast.js';
import type { DatabaseSettings } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { isoNow } from '../../lib/time.js';
import {
  defaultSettings,
  isSettingKey,
  SECRET_SETTINGS,
  settingSchemas,
  type SettingDefaults,
  type SettingKey,
  type Settings,
} from './definitions.js';
import { readSettingRow, readSettingRows, writeSettingRows } from './settings.repository.js';

type Db = Kysely<Database>;

export const SETTINGS_TTL_MS = 2000;

/** Where changes are announced to the other processes on the database (none on SQLite). */
export interface SettingsSharing {
  database: DatabaseSettings;
  logger: Logger;
}

export class SettingsService {
  private copy: { settings: Settings; expires: number } | undefined;
  /** Moves at every drop, so a read that started before a change never keeps what it read. */
  private generation = 0;
  private readonly broadcast: Broadcast;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly defaults: SettingDefaults,
    sharing?: SettingsSharing,
  ) {
    const drop = () => this.drop();
    this.broadcast = sharing
      ? openBroadcast(sharing.database, db, { channel: 'berth_settings', sender: randomUUID(), onMessage: drop, onGap: drop, logger: sharing.logger })
      : NO_BROADCAST;
  }

  /** Every setting: stored values over defaults, secrets decrypted (for internal use only). */
  async all(): Promise<Settings> {
    const mark = this.broadcast.mark();
    const now = Date.now();
    // The copy counts once every change announced before this read has been applied.
    if (this.copy && this.copy.expires > now && (await this.broadcast.caughtUp(mark)) && this.copy) return { ...this.copy.settings };
    const generation = this.generation;
    const settings = await this.read();
    if (generation === this.generation) this.copy = { settings, expires: now + SETTINGS_TTL_MS };
    return { ...settings };
  }

  private async read(): Promise<Settings> {
    const rows = await readSettingRows(this.db);
    const settings: Record<string, unknown> = defaultSettings(this.defaults);
    for (const [key, text] of rows) {
      if (!isSettingKey(key)) continue;
      const raw: unknown = JSON.parse(text);
      const value = SECRET_SETTINGS.has(key) && typeof raw === 'string' && raw ? this.box.open(raw) : raw;
      const parsed = settingSchemas[key].safeParse(value);
      if (parsed.success) settings[key] = parsed.data;
    }
    return settings as Settings;
  }

  /** Whether read_only is on: one row, read on every write request of every surface. */
  async readOnly(): Promise<boolean> {
    const text = await readSettingRow(this.db, 'read_only');
    return text !== undefined && settingSchemas.read_only.safeParse(JSON.parse(text)).data === true;
  }

  async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
    return (await this.all())[key];
  }

  /** Stores the given values for the keys that have never been set (harbor.yml initial_settings). */
  async seed(values: Record<string, unknown>): Promise<SettingKey[]> {
    const stored = await readSettingRows(this.db);
    const fresh = Object.fromEntries(Object.entries(values).filter(([key]) => !stored.has(key)));
    return Object.keys(fresh).length ? this.update(fresh) : [];
  }

  /**
   * Validates every value first; writes nothing unless all are valid. Returns the keys changed.
   * `alongside` runs in the same transaction (the change's audit row), so the copies are dropped
   * only once everything has committed.
   */
  async update(changes: Record<string, unknown>, alongside?: (trx: Db, changed: SettingKey[]) => Promise<void>): Promise<SettingKey[]> {
    const problem = settingProblems(changes)[0];
    if (problem) throw invalid(problem.message, problem.key);
    const rows = new Map<string, string>();
    for (const [key, value] of Object.entries(changes) as [SettingKey, unknown][]) {
      const parsed = settingSchemas[key].parse(value);
      const stored = SECRET_SETTINGS.has(key) && parsed ? this.box.seal(String(parsed)) : parsed;
      rows.set(key, JSON.stringify(stored));
    }
    const changed = [...rows.keys()] as SettingKey[];
    if (changed.length === 0) return changed;
    await inTransaction(this.db, async (trx) => {
      await writeSettingRows(trx, rows, isoNow());
      await alongside?.(trx, changed);
    });
    this.drop();
    await this.broadcast.publish('changed');
    return changed;
  }

  /** Resolves once this process hears other processes' changes (tests wait for it). */
  listening(): Promise<void> {
    return this.broadcast.listening;
  }

  async close(): Promise<void> {
    await this.broadcast.close();
  }

  private drop(): void {
    this.generation += 1;
    this.copy = undefined;
  }
}

/** Every invalid entry of a settings change, without writing anything. */
export function settingProblems(changes: Record<string, unknown>): { key: string; message: string }[] {
  return Object.entries(changes).flatMap(([key, value]) => {
    if (!isSettingKey(key)) return [{ key, message: `${key} is not a configuration item.` }];
    const parsed = settingSchemas[key].safeParse(value);
    return parsed.success ? [] : [{ key, message: `${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}` }];
  });
}
