/**
 * The harbor.yml schema: Harbor 2.x's keys for what Berth supports, plus a few of Berth's own
 * (marked "Berth"). Every leaf is described with what it expects; the loader prints that text
 * when a value is wrong, and harbor.yml.example documents each key with the same words.
 *
 * Env overrides: every leaf can be set with BERTH_ + its path in upper snake case
 * (http.port -> BERTH_HTTP_PORT, log.local.rotate_count -> BERTH_LOG_LOCAL_ROTATE_COUNT).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseByteSize, parseDuration } from './units.js';
import { storageServiceSchema } from './storage-schema.js';

const port = (fallback: number) =>
  z.int().min(1).max(65535).default(fallback).describe('a port number from 1 to 65535');

/** A listening port may be 0: the system picks a free one (tests, side-by-side runs). */
const listenPort = (fallback: number) =>
  z.int().min(0).max(65535).default(fallback).describe('a port number from 1 to 65535 (0 picks a free one)');

const positiveInt = (fallback: number, what: string) =>
  z.int().min(1).default(fallback).describe(what);

const SIZE = 'a size such as 200M (units k, M, G)';
const byteSize = (fallback: string) =>
  z
    .union([z.string(), z.int().min(1)])
    .default(fallback)
    .refine((v) => parseByteSize(v) !== null, { error: SIZE })
    .transform((v) => parseByteSize(v) as number)
    .describe(SIZE);

const DURATION = 'a duration such as 30s, 15m, 24h or 7d';
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/**
 * Bounds keep values sane where extremes do harm: a purge age of 0s deletes uploads in progress,
 * and a shutdown that waits for days is a hang.
 */
const duration = (fallback: string, bounds: { min?: number; max?: number; what?: string } = {}) => {
  const what = bounds.what ?? DURATION;
  const fits = (ms: number | null) =>
    ms !== null && ms >= (bounds.min ?? 0) && ms <= (bounds.max ?? Number.MAX_SAFE_INTEGER);
  return z
    .string()
    .default(fallback)
    .refine((v) => fits(parseDuration(v)), { error: what })
    .transform((v) => parseDuration(v) as number)
    .describe(what);
};

/** A duration where 0 means "no limit", as Go's database/sql reads Harbor's pool keys; in ms. */
const lifetime = (what: string) => {
  const described = `${what}: ${DURATION}, or 0 for no limit`;
  return z
    .union([z.literal(0), z.string()])
    .refine((v) => v === 0 || v.trim() === '0' || parseDuration(v) !== null, { error: described })
    .transform((v) => (v === 0 || v.trim() === '0' ? 0 : (parseDuration(v) as number)))
    .optional()
    .describe(described);
};

const nonEmpty = (what: string) => z.string().min(1).describe(what);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An address, a CIDR range (10.0.0.0/8, fd00::/8), or one of Express's named ranges. */
function isProxySpec(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
const PROXIES =
  'the reverse proxies whose X-Forwarded-For names the client: addresses, CIDR ranges or loopback, linklocal, uniquelocal, comma-separated (Berth)';
const trustedProxies = z
  .union([z.string(), z.array(z.string())])
  .default('loopback')
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((entry) => entry.trim()).filter(Boolean))
  .refine((list) => list.every(isProxySpec), { error: PROXIES })
  .describe(PROXIES);

export const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'fatal'] as const;

/** Runtime settings that a legacy harbor.cfg import seeds at first start (Berth). */
export const initialSettingsSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .describe('a map of runtime setting names to values');

export const configSchema = z.object({
  hostname: nonEmpty('the host name clients use to reach Berth').default('localhost'),
  http: z
    .object({
      port: listenPort(8080),
      bind_address: nonEmpty('the address to listen on, such as 0.0.0.0 or 127.0.0.1 (Berth)').default(
        '0.0.0.0',
      ),
      shutdown_timeout: duration('10s', { max: HOUR_MS, what: 'a duration such as 10s or 1m, at most 1h' }),
      trusted_proxies: trustedProxies,
      body_timeout: duration('30s', {
        min: 1000,
        max: HOUR_MS,
        what: 'how long /api and /c wait for a request body, such as 30s; at least 1s, at most 1h (Berth)',
      }),
      max_connections_per_address: z
        .int()
        .min(0)
        .default(256)
        .describe('how many connections one client address may hold open at once, 0 for no limit; trusted proxies are not limited (Berth)'),
    })
    .prefault({}),
  https: z
    .object({
      port: listenPort(443),
      certificate: nonEmpty('the path of the TLS certificate (PEM)'),
      private_key: nonEmpty('the path of the TLS private key (PEM)'),
    })
    .optional(),
  external_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('a URL such as https://registry.example.com'),
  harbor_admin_password: nonEmpty('the initial password of the admin account').default('Harbor12345'),
  data_volume: nonEmpty('a directory for the database, blobs, secrets and logs').default('./data'),
  database: z
    .object({
      type: z
        .enum(['sqlite', 'postgresql'])
        .optional()
        .describe('sqlite or postgresql (chosen from url or host when omitted)'),
      path: nonEmpty('the path of the SQLite database file').optional(),
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional()
        .describe('a PostgreSQL URL such as postgres://user:pass@host:5432/registry'),
      host: nonEmpty('the PostgreSQL host').optional(),
      port: port(5432),
      username: nonEmpty('the PostgreSQL user').default('postgres'),
      password: z.string().optional().describe('the PostgreSQL password'),
      db_name: nonEmpty('the PostgreSQL database name').default('registry'),
      sslmode: z
        .enum(['disable', 'require', 'verify-ca', 'verify-full'])
        .default('disable')
        .describe('one of disable, require, verify-ca, verify-full'),
      max_open_conns: positiveInt(10, 'the connection pool size, at least 1'),
      // Harbor's pool keys, with Go's database/sql meaning. Idle connections are kept open by
      // default: a new one costs a connection set-up and cold catalog caches (a first query
      // planned in 3 ms instead of 0.6).
      max_idle_conns: z.int().min(0).optional().describe('how many idle connections to keep open, 0 or more (default: max_open_conns)'),
      conn_max_lifetime: lifetime('how long a connection may be used before it is replaced'),
      conn_max_idle_time: lifetime('how long a connection beyond max_idle_conns may stay idle'),
    })
    .superRefine((db, ctx) => {
      if (db.type === 'postgresql' && !db.url && !db.host) {
        ctx.addIssue({ code: 'custom', path: ['host'], message: 'the PostgreSQL host (or set database.url)' });
      }
    })
    .prefault({}),
  jobservice: z
    .object({ max_job_workers: positiveInt(10, 'the number of job workers, at least 1') })
    .prefault({}),
  log: z
    .object({
      level: z.enum(LOG_LEVELS).default('info').describe(`one of ${LOG_LEVELS.join(', ')}`),
      local: z
        .object({
          rotate_count: z
            .int()
            .min(0)
            .default(50)
            .describe('how many rotated files to keep, 0 or more'),
          rotate_size: byteSize('200M'),
          location: nonEmpty('the directory for log files').optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  token_expiration: positiveInt(30, 'the registry token lifetime in minutes, at least 1'),
  upload_purging: z
    .object({
      enabled: z.boolean().default(true).describe('true or false'),
      age: duration('168h', { min: MINUTE_MS, what: 'a duration such as 24h or 7d, at least 1m' }),
      interval: duration('24h', { min: MINUTE_MS, what: 'a duration such as 1h or 24h, at least 1m' }),
      dryrun: z.boolean().default(false).describe('true or false'),
    })
    .prefault({}),
  initial_settings: initialSettingsSchema.optional(),
  notification: z
    .object({
      webhook_job_max_retry: z.int().min(1).max(100).default(3).describe('how many times a webhook delivery is tried before it ends Error, 1 to 100'),
      webhook_job_http_client_timeout: z.int().min(1).max(300).default(3).describe('seconds a webhook receiver has to answer, 1 to 300'),
      webhook_job_retry_delay: duration('5s', {
        min: 100,
        max: HOUR_MS,
        what: 'the wait before the first retry of a failed webhook delivery, doubled for each later one, such as 5s; at least 100ms, at most 1h (Berth)',
      }),
    })
    .prefault({}),
  metric: z
    .object({
      enabled: z.boolean().default(false).describe('true or false'),
      port: listenPort(9090),
      path: z.string().regex(/^\/[\w./-]*$/).default('/metrics').describe('a URL path such as /metrics'),
      bind_address: nonEmpty('the address the metrics listener binds, such as 127.0.0.1 or 0.0.0.0 (Berth)').default('0.0.0.0'),
    })
    .prefault({}),
  storage_service: storageServiceSchema,
});

/** harbor.yml as parsed, defaults applied, before paths are resolved. */
export type ParsedConfig = z.output<typeof configSchema>;

/** Keys Harbor's harbor.yml has that Berth does not use: accepted with a notice. */
export const HARBOR_KEYS_NOT_USED: Record<string, string> = {
  _version: 'Berth reads any harbor.yml version',
  trivy: 'vulnerability scanning is not part of Berth yet',
  redis: 'Berth keeps shared state in its database',
  external_redis: 'Berth keeps shared state in its database',
  proxy: 'Berth makes no outbound calls through a proxy yet',
  trace: 'tracing is not supported yet',
  cache: 'Berth caches in process',
  core: 'Berth has no separate core service',
  ip_family: 'use http.bind_address',
  internal_tls: 'Berth runs as one process; there is no internal traffic',
  uaa: 'UAA authentication is not supported',
  compatibility: 'not needed',
};
