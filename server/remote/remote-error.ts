/**
 * Failures of another registry as data: a kind the caller can act on (retry, give up, show a
 * reason), whether a retry may help, and what the remote said. The job service retries
 * `transient` errors (connection failures, 5xx, 429 after Retry-After) and fails the rest at once.
 */

export type RemoteErrorKind =
  | 'unreachable'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'not-a-registry'
  | 'unsupported'
  | 'rate-limited'
  | 'server'
  /** Any other 4xx: the remote refused the request itself (invalid manifest, quota, name...). */
  | 'rejected'
  | 'digest-mismatch'
  | 'aborted';

const TRANSIENT: ReadonlySet<RemoteErrorKind> = new Set(['unreachable', 'rate-limited', 'server']);

export class RemoteError extends Error {
  readonly kind: RemoteErrorKind;
  readonly transient: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(kind: RemoteErrorKind, message: string, options: { status?: number; retryAfterMs?: number; transient?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RemoteError';
    this.kind = kind;
    this.transient = options.transient ?? TRANSIENT.has(kind);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export const isRemoteError = (err: unknown, kind?: RemoteErrorKind): err is RemoteError =>
  err instanceof RemoteError && (kind === undefined || err.kind === kind);

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** A socket-level failure (no HTTP answer) in plain words. */
export function connectionError(err: NodeJS.ErrnoException, url: string): RemoteError {
  const code = err.code ?? '';
  const host = safeHost(url);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RemoteError('unreachable', `unreachable: the host name ${host} does not resolve (${code})`, { cause: err });
  if (code === 'ECONNREFUSED') return new RemoteError('unreachable', `unreachable: connection refused by ${host}`, { cause: err });
  if (CONNECTION_CODES.has(code)) return new RemoteError('unreachable', `unreachable: ${host}: ${code}`, { cause: err });
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL|ERR_TLS|EPROTO|HOSTNAME_MISMATCH/.test(code) || /certificate|ssl|tls/i.test(err.message)) {
    return new RemoteError('tls', `TLS error talking to ${host}: ${err.message} (set "insecure" to skip certificate checks)`, { cause: err });
  }
  return new RemoteError('unreachable', `unreachable: ${host}: ${err.message}`, { cause: err });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
