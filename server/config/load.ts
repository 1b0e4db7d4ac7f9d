/**
 * Loads harbor.yml: file, then BERTH_* environment overrides, then validation. Every problem is
 * collected and reported at once, one line each, as `harbor.yml: <key.path>: <expected>, got <found>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, HARBOR_KEYS_NOT_USED, type ParsedConfig } from './schema.js';
import { descriptionOf, envNameOf, leaves, objectShape, schemaAt, type Leaf } from './schema-walk.js';

export interface Config extends Omit<ParsedConfig, 'database' | 'log' | 'external_url'> {
  /** Absolute. */
  data_volume: string;
  /** Always set: from harbor.yml, or built from hostname and ports. */
  external_url: string;
  /** True when harbor.yml (or BERTH_EXTERNAL_URL) gave external_url; else requests may refine it. */
  external_url_configured: boolean;
  database: ParsedConfig['database'] & { type: 'sqlite' | 'postgresql'; path: string };
  log: ParsedConfig['log'] & { local: ParsedConfig['log']['local'] & { location: string } };
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when running on defaults. */
  file: string | null;
  /** Notices about keys that were ignored. */
  warnings: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** From `--config`. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = chooseFile(options.file ?? env.BERTH_CONFIG, cwd);
  const label = file ? path.basename(file) : 'harbor.yml';
  const raw = file ? readYaml(file, label) : {};
  const warnings = adoptExternalDatabase(raw, label);
  warnings.push(...unknownKeys(raw, [], label));
  const sources = applyEnv(raw, env);

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    // Refinements carry their own sentence; type and range failures take the key's description.
    const problems = result.error.issues.map((issue) =>
      describeProblem(issue.path.map(String), raw, sources, label, issue.code === 'custom' ? issue.message : undefined),
    );
    throw new ConfigError([...new Set(problems)]);
  }
  const config = resolve(result.data, cwd);
  return { config, file, warnings };
}

function chooseFile(explicit: string | undefined, cwd: string): string | null {
  if (explicit) return path.resolve(cwd, explicit);
  const fallback = path.join(cwd, 'harbor.yml');
  return existsSync(fallback) ? fallback : null;
}

function readYaml(file: string, label: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new ConfigError([`${label}: cannot read ${file}: ${reason}`]);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${label}: ${at ? `line ${at.line}, column ${at.col}: ` : ''}${message}`;
      }),
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (!isMap(value)) throw new ConfigError([`${label}: the file must be a map of keys, got ${shown(value)}`]);
  return value;
}

/** Harbor's `external_database.harbor` block means PostgreSQL; fold it into `database`. */
function adoptExternalDatabase(raw: Raw, label: string): string[] {
  const external = raw.external_database;
  if (!isMap(external)) return [];
  delete raw.external_database;
  const harbor = external.harbor;
  if (!isMap(harbor)) return [`${label}: external_database: only the harbor entry is used; ignored`];
  const database: Raw = isMap(raw.database) ? raw.database : {};
  const { ssl_mode: sslmode, ...rest } = harbor;
  raw.database = { type: 'postgresql', ...rest, ...(sslmode ? { sslmode } : {}), ...database };
  return [];
}

/** Keys the schema does not know: Harbor's own get a reason, anything else a plain notice. */
function unknownKeys(raw: Raw, at: string[], label: string): string[] {
  const shape = objectShape(at.length ? (schemaAt(configSchema, at) ?? configSchema) : configSchema);
  if (!shape) return [];
  const notes: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = [...at, key];
    if (!(key in shape)) {
      const reason = at.length === 0 ? HARBOR_KEYS_NOT_USED[key] : undefined;
      notes.push(`${label}: ${keyPath.join('.')}: ${reason ? `not used (${reason})` : 'not a key Berth knows'}; ignored`);
      delete raw[key];
    } else if (isMap(value) && objectShape(shape[key]!)) {
      notes.push(...unknownKeys(value, keyPath, label));
    }
  }
  return notes;
}

/** Writes BERTH_* variables into the raw tree; returns which paths came from the environment. */
function applyEnv(raw: Raw, env: NodeJS.ProcessEnv): Map<string, string> {
  const sources = new Map<string, string>();
  for (const leaf of leaves(configSchema)) {
    const name = envNameOf(leaf.path);
    const text = env[name];
    if (text === undefined || text === '') continue;
    let node = raw;
    for (const key of leaf.path.slice(0, -1)) {
      if (!isMap(node[key])) node[key] = {};
      node = node[key] as Raw;
    }
    node[leaf.path.at(-1)!] = coerce(text, leaf);
    sources.set(leaf.path.join('.'), name);
  }
  return sources;
}

function coerce(text: string, leaf: Leaf): unknown {
  if (leaf.kind === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (leaf.kind === 'boolean') {
    const lower = text.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
  }
  return text;
}

function valueAt(raw: Raw, keyPath: string[]): unknown {
  let node: unknown = raw;
  for (const key of keyPath) node = isMap(node) ? node[key] : undefined;
  return node;
}

function shown(value: unknown, keyPath: string[] = []): string {
  if (value === undefined) return 'nothing';
  if (/password|secret/.test(keyPath.at(-1) ?? '')) return '(a hidden value)';
  // A URL may carry a password (database.url); the rest of it helps, so only the password goes.
  // Greedy up to the last @, as URL parsers read it: a password may hold an unencoded @ or /.
  const text = JSON.stringify(value).replace(/(:\/\/[^\s/"@:]*):[^\s"]*@/g, '$1:(hidden)@');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeProblem(
  keyPath: string[],
  raw: Raw,
  sources: Map<string, string>,
  label: string,
  sentence: string | undefined,
): string {
  const dotted = keyPath.join('.');
  const schema = schemaAt(configSchema, keyPath);
  const shape = schema && objectShape(schema);
  const expected =
    sentence ??
    (schema && descriptionOf(schema)) ??
    (shape ? `a map with the keys ${Object.keys(shape).join(', ')}` : 'a valid value');
  const envName = sources.get(dotted);
  const prefix = envName ? `${envName} (${dotted})` : `${label}: ${dotted}`;
  return `${prefix}: ${expected}, got ${shown(valueAt(raw, keyPath), keyPath)}`;
}

/** Fills in what depends on other keys: absolute paths, the database type, the external URL. */
function resolve(parsed: ParsedConfig, cwd: string): Config {
  const dataVolume = path.resolve(cwd, parsed.data_volume);
  const db = parsed.database;
  const type = db.type ?? (db.url || db.host ? 'postgresql' : 'sqlite');
  const https = parsed.https;
  const externalUrl = parsed.external_url
    ? parsed.external_url.replace(/\/+$/, '')
    : https
      ? `https://${parsed.hostname}${https.port === 443 ? '' : `:${https.port}`}`
      : `http://${parsed.hostname}${parsed.http.port === 80 ? '' : `:${parsed.http.port}`}`;
  return {
    ...parsed,
    https: https && {
      ...https,
      certificate: path.resolve(cwd, https.certificate),
      private_key: path.resolve(cwd, https.private_key),
    },
    data_volume: dataVolume,
    external_url: externalUrl,
    external_url_configured: parsed.external_url !== undefined,
    database: {
      ...db,
      type,
      path: db.path ? path.resolve(cwd, db.path) : path.join(dataVolume, 'database', 'berth.db'),
    },
    log: {
      ...parsed.log,
      local: {
        ...parsed.log.local,
        location: parsed.log.local.location
          ? path.resolve(cwd, parsed.log.local.location)
          : path.join(dataVolume, 'log'),
      },
    },
  };
}
