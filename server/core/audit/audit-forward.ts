/**
 * Audit forwarding (Harbor's audit_log_forward_endpoint and skip_audit_log_database settings):
 * every audit row is also sent, as an RFC 5424 syslog message over TCP (one message a line, as
 * Harbor's Go syslog writer frames them), to host:port. Writing an audit row only queues it: a
 * slow or down endpoint never delays the operation. The queue holds at most MAX_QUEUED rows
 * (past that the oldest are dropped and the drop is logged); rows queued while the endpoint is
 * down are sent once it is back, with growing pauses between connection attempts. Messages
 * written in the RESEND_WINDOW_MS before a connection broke are sent again (at least once: a
 * collector may see one twice, never none).
 *
 * The composition root makes one forwarder per app and attaches it to the app's AuditLog
 * (audit-log.ts), through which every audit row is written; the settings are re-read every
 * SETTINGS_POLL_MS, so a change applies within seconds on every process.
 */
import net from 'node:net';
import os from 'node:os';
import type { Logger } from 'pino';
import type { SettingsService } from '../settings/settings.service.js';
import type { AuditLog, AuditSink } from './audit-log.js';
import type { AuditEntry } from './audit.repository.js';

export const MAX_QUEUED = 10_000;
const RESEND_WINDOW_MS = 5_000;
const SETTINGS_POLL_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** facility user (1) * 8 + severity informational (6). */
const PRI = 14;

/** An SD-PARAM value: `"`, `\` and `]` escaped (RFC 5424 6.3.3). */
const sdValue = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);
const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');

export function syslogLine(entry: AuditEntry, at: string, host: string = os.hostname()): string {
  const sd = [
    ['operator', entry.username],
    ['resourceType', entry.resourceType],
    ['resource', entry.resource],
    ['operation', entry.operation],
    ['result', entry.success === false ? 'failure' : 'success'],
    ...(entry.clientIp ? [['clientIp', entry.clientIp]] : []),
    ...(entry.projectId ? [['projectId', String(entry.projectId)]] : []),
  ]
    .map(([k, v]) => `${k}="${sdValue(oneLine(v!))}"`)
    .join(' ');
  const description = entry.description ?? `${entry.operation} ${entry.resourceType}: ${entry.resource}`;
  // Harbor's message text after the structured data, so line-based collectors read the same words.
  const msg = oneLine(`operator="${entry.username}" time="${at}" resourceType="${entry.resourceType}" action:${entry.operation}, resource:${entry.resource}, operation_description:${description}`);
  return `<${PRI}>1 ${at} ${host || '-'} audit ${process.pid} ${entry.operation.replace(/\s/g, '_') || '-'} [audit@32473 ${sd}] ${msg}\n`;
}

interface Sent {
  line: string;
  at: number;
}

export class AuditForwarder implements AuditSink {
  private endpoint = '';
  private skipDatabaseSetting = false;
  private readonly queue: string[] = [];
  private recent: Sent[] = [];
  private socket: net.Socket | undefined;
  private connecting = false;
  private retryMs = MIN_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(
    private readonly settings: Pick<SettingsService, 'get'>,
    private readonly logger: Logger,
    private readonly audit: AuditLog,
  ) {}

  async start(): Promise<void> {
    await this.readSettings();
    this.audit.attach(this);
    this.pollTimer = setInterval(() => void this.readSettings(), SETTINGS_POLL_MS);
    this.pollTimer.unref();
  }

  /** At shutdown (AuditLog.close), after the last row it should forward was written. */
  stop(): void {
    this.audit.detach(this);
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    this.socket?.end();
    this.socket = undefined;
  }

  /** Rows waiting to be sent (for tests and the log). */
  get pending(): number {
    return this.queue.length;
  }

  private async readSettings(): Promise<void> {
    try {
      const endpoint = (await this.settings.get('audit_log_forward_endpoint')).trim();
      this.skipDatabaseSetting = await this.settings.get('skip_audit_log_database');
      if (endpoint !== this.endpoint) {
        this.endpoint = endpoint;
        this.socket?.destroy();
        this.socket = undefined;
        this.retryMs = MIN_RETRY_MS;
        if (!endpoint) this.queue.length = 0;
        else this.flush();
      }
    } catch (err) {
      this.logger.warn({ err }, 'audit forwarding could not read its settings');
    }
  }

  skipDatabase(): boolean {
    return this.endpoint !== '' && this.skipDatabaseSetting;
  }

  /** Queues the rows' messages (nothing while no endpoint is set); never waits for the endpoint. */
  forward(entries: AuditEntry[]): void {
    if (!this.endpoint) return;
    for (const entry of entries) this.queue.push(syslogLine(entry, entry.at ?? new Date().toISOString()));
    const over = this.queue.length - MAX_QUEUED;
    if (over > 0) {
      this.queue.splice(0, over);
      this.dropped += over;
      this.logger.error({ dropped: this.dropped, endpoint: this.endpoint }, `the audit forwarding queue is full (${MAX_QUEUED} rows): the oldest rows were not forwarded`);
    }
    this.flush();
  }

  private flush(): void {
    if (!this.endpoint || this.queue.length === 0) return;
    if (!this.socket) {
      if (!this.connecting && !this.retryTimer) this.connect();
      return;
    }
    const now = Date.now();
    this.recent = this.recent.filter((s) => now - s.at < RESEND_WINDOW_MS);
    const lines = this.queue.splice(0, this.queue.length);
    for (const line of lines) this.recent.push({ line, at: now });
    this.socket.write(lines.join(''));
  }

  private connect(): void {
    const [host, portText] = splitEndpoint(this.endpoint);
    const port = Number(portText);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.logger.error({ endpoint: this.endpoint }, 'audit_log_forward_endpoint must be host:port');
      return;
    }
    this.connecting = true;
    const socket = net.connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    socket.unref();
    const endpoint = this.endpoint;
    socket.once('connect', () => {
      this.connecting = false;
      socket.setTimeout(0);
      this.socket = socket;
      this.retryMs = MIN_RETRY_MS;
      this.logger.info({ endpoint }, 'audit forwarding connected');
      this.flush();
    });
    socket.once('timeout', () => socket.destroy(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`)));
    // A collector that closes or breaks the connection: what it may have missed goes again.
    socket.on('data', () => undefined);
    socket.once('end', () => socket.destroy());
    socket.once('close', () => this.lost(socket, endpoint));
    socket.on('error', (err) => this.logger.warn({ err: err.message, endpoint }, 'audit forwarding: the endpoint is unreachable; rows wait'));
  }

  private lost(socket: net.Socket, endpoint: string): void {
    this.connecting = false;
    if (this.socket === socket) this.socket = undefined;
    if (endpoint !== this.endpoint) return;
    const since = Date.now() - RESEND_WINDOW_MS;
    const again = this.recent.filter((s) => s.at >= since).map((s) => s.line);
    this.recent = [];
    this.queue.unshift(...again);
    if (this.queue.length === 0) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}

/** host:port, [v6]:port. */
function splitEndpoint(endpoint: string): [string, string] {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(endpoint);
  if (v6) return [v6[1]!, v6[2]!];
  const at = endpoint.lastIndexOf(':');
  return at > 0 ? [endpoint.slice(0, at), endpoint.slice(at + 1)] : [endpoint, ''];
}
