/** Reads and changes runtime settings, validating each value and sealing secrets. */
import type { Kysely } from 'kysely';
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

export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly defaults: SettingDefaults,
  ) {}

  /** Every setting: stored values over defaults, secrets decrypted (for internal use only). */
  async all(): Promise<Settings> {
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

  /** Validates every value first; writes nothing unless all are valid. Returns the keys changed. */
  /** `db`: the caller's transaction, when the change must commit with something else (its audit row). */
  async update(changes: Record<string, unknown>, db: Db = this.db): Promise<SettingKey[]> {
    const problem = settingProblems(changes)[0];
    if (problem) throw invalid(problem.message, problem.key);
    const rows = new Map<string, string>();
    for (const [key, value] of Object.entries(changes) as [SettingKey, unknown][]) {
      const parsed = settingSchemas[key].parse(value);
      const stored = SECRET_SETTINGS.has(key) && parsed ? this.box.seal(String(parsed)) : parsed;
      rows.set(key, JSON.stringify(stored));
    }
    await inTransaction(db, (trx) => writeSettingRows(trx, rows, isoNow()));
    return [...rows.keys()] as SettingKey[];
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
