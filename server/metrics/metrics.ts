/**
 * Prometheus metrics (harbor.yml `metric`), with Harbor's names where Harbor has the metric.
 * What happens in this process is counted as it happens (HTTP requests, pushes, pulls, bytes);
 * what the database holds (projects, repositories, members, artifacts, storage, task counts and
 * run times, queues) comes from one cached summary, read at most once per SUMMARY_TTL_MS and
 * only when scraped, so a scrape adds no query to requests and a busy scraper little to the
 * database. One instance per CoreContext (metricsOf).
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoreContext } from '../core/context.js';
import { readFinishedTasks, readProjectSummaries, readTaskCounts } from '../core/metrics/summary.repository.js';
import { matchRoute } from '../registry/routes.js';

type RouteMatch = NonNullable<ReturnType<typeof matchRoute>>;

const SUMMARY_TTL_MS = 10_000;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const TASK_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

/** Which service answered, from the path (Harbor's core/registry split, plus Berth's own). */
function surfaceOf(path: string): string {
  if (path.startsWith('/v2')) return 'registry';
  if (path.startsWith('/service/token')) return 'token';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/c/')) return 'session';
  return 'console';
}

export class BerthMetrics {
  readonly registry = new Registry();
  private summaryAt = 0;
  private refreshing: Promise<void> | undefined;
  private tasksSince = new Date().toISOString();

  private readonly requests = new Counter({ name: 'harbor_core_http_request_total', help: 'HTTP requests by surface, method, operation (route) and status code.', labelNames: ['surface', 'method', 'operation', 'code'], registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'harbor_core_http_request_duration_seconds', help: 'HTTP request latency by surface, method and operation (route).', labelNames: ['surface', 'method', 'operation'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly inflight = new Gauge({ name: 'harbor_core_http_inflight_requests', help: 'HTTP requests being answered now.', labelNames: ['surface'], registers: [this.registry] });
  private readonly pushes = new Counter({ name: 'berth_registry_pushes_total', help: 'Artifacts pushed (manifests stored), by project.', labelNames: ['project_name'], registers: [this.registry] });
  private readonly pulls = new Counter({ name: 'berth_registry_pulls_total', help: 'Artifacts pulled (manifests served), by project.', labelNames: ['project_name'], registers: [this.registry] });
  private readonly bytes = new Counter({ name: 'berth_registry_bytes_total', help: 'Blob bytes received (push) and sent (pull), by project.', labelNames: ['project_name', 'direction'], registers: [this.registry] });
  private readonly projectTotal = new Gauge({ name: 'harbor_project_total', help: 'Projects, by visibility.', labelNames: ['public'], registers: [this.registry] });
  private readonly repoTotal = new Gauge({ name: 'harbor_project_repo_total', help: 'Repositories per project.', labelNames: ['project_name', 'public'], registers: [this.registry] });
  private readonly memberTotal = new Gauge({ name: 'harbor_project_member_total', help: 'Members per project.', labelNames: ['project_name'], registers: [this.registry] });
  private readonly quotaUsage = new Gauge({ name: 'harbor_project_quota_usage_byte', help: 'Storage used per project, in bytes.', labelNames: ['project_name'], registers: [this.registry] });
  private readonly artifactTotal = new Gauge({ name: 'harbor_project_artifact_total', help: 'Artifacts per project.', labelNames: ['project_name', 'public'], registers: [this.registry] });
  private readonly pulled = new Gauge({ name: 'harbor_artifact_pulled', help: 'Pulls recorded per project (all processes).', labelNames: ['project_name'], registers: [this.registry] });
  private readonly tasks = new Gauge({ name: 'harbor_jobservice_task_total', help: 'Job service tasks by type and status.', labelNames: ['type', 'status'], registers: [this.registry] });
  private readonly taskTime = new Histogram({ name: 'harbor_jobservice_task_process_time_seconds', help: 'Run time of ended tasks, by type and status (tasks ended since this process started).', labelNames: ['type', 'status'], buckets: TASK_BUCKETS, registers: [this.registry] });
  private readonly queueSize = new Gauge({ name: 'harbor_task_queue_size', help: 'Pending tasks by job type.', labelNames: ['type'], registers: [this.registry] });
  private readonly queueLatency = new Gauge({ name: 'harbor_task_queue_latency', help: 'Seconds the oldest pending task of a type has waited.', labelNames: ['type'], registers: [this.registry] });
  private readonly pool = new Gauge({ name: 'berth_database_connections', help: 'Database pool connections by state (PostgreSQL; SQLite has one connection).', labelNames: ['state'], registers: [this.registry] });

  constructor(private readonly ctx: CoreContext) {
    collectDefaultMetrics({ register: this.registry });
    const projectOf = (repository: string) => repository.split('/')[0] ?? '';
    ctx.events.on('artifact.pushed', (e) => this.pushes.inc({ project_name: projectOf(e.repository) }));
    ctx.events.on('artifact.pulled', (e) => this.pulls.inc({ project_name: projectOf(e.repository) }));
  }

  /** Counts each request when its answer is sent: surface, route pattern (never the raw path), status, time, and blob bytes. */
  readonly http: RequestHandler = (req, res, next) => {
    const started = performance.now();
    const surface = surfaceOf(req.path);
    // A body sent without Content-Length (chunked) is measured on the socket.
    const readBefore = req.socket.bytesRead;
    this.inflight.inc({ surface });
    res.once('close', () => {
      this.inflight.dec({ surface });
      const registry = surface === 'registry' ? matchRoute(req.originalUrl.split('?')[0]!.replace(/^\/v2/, '')) : undefined;
      const operation = registry ? `/v2/${registry.route.name}` : this.operationOf(surface, req.baseUrl, req.route as { path?: string } | undefined);
      this.requests.inc({ surface, method: req.method, operation, code: String(res.statusCode) });
      this.latency.observe({ surface, method: req.method, operation }, (performance.now() - started) / 1000);
      if (registry) this.countBytes(registry, req.method, res.statusCode, Number(res.getHeader('content-length') ?? 0), Number(req.headers['content-length']) || req.socket.bytesRead - readBefore);
    });
    next();
  };

  private operationOf(surface: string, baseUrl: string, route: { path?: string } | undefined): string {
    if (surface === 'registry') return '/v2/unknown';
    if (route?.path) return `${baseUrl}${route.path}`;
    return surface === 'console' ? '/' : 'unmatched';
  }

  private countBytes(match: RouteMatch, method: string, status: number, sent: number, received: number): void {
    const project = match.params.name.split('/')[0] ?? '';
    if (match.route.name === 'blob' && method === 'GET' && (status === 200 || status === 206)) this.bytes.inc({ project_name: project, direction: 'pull' }, sent);
    if ((match.route.name === 'upload' || match.route.name === 'uploads') && status < 300 && received > 0) this.bytes.inc({ project_name: project, direction: 'push' }, received);
  }

  /** The exposition text; refreshes the summary first when it is older than SUMMARY_TTL_MS. */
  async render(): Promise<string> {
    if (Date.now() - this.summaryAt > SUMMARY_TTL_MS) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.registry.metrics();
  }

  private async refresh(): Promise<void> {
    const { db } = this.ctx;
    const projects = await readProjectSummaries(db);
    for (const g of [this.projectTotal, this.repoTotal, this.memberTotal, this.quotaUsage, this.artifactTotal, this.pulled, this.tasks, this.queueSize, this.queueLatency]) g.reset();
    this.projectTotal.set({ public: 'true' }, projects.filter((p) => p.public).length);
    this.projectTotal.set({ public: 'false' }, projects.filter((p) => !p.public).length);
    for (const p of projects) {
      const pub = String(p.public);
      this.repoTotal.set({ project_name: p.name, public: pub }, p.repositories);
      this.memberTotal.set({ project_name: p.name }, p.members);
      this.quotaUsage.set({ project_name: p.name }, p.storage);
      this.artifactTotal.set({ project_name: p.name, public: pub }, p.artifacts);
      this.pulled.set({ project_name: p.name }, p.pulls);
    }
    for (const t of await readTaskCounts(db)) this.tasks.set({ type: t.jobType, status: t.status }, t.count);
    for (const t of await readFinishedTasks(db, this.tasksSince)) {
      this.taskTime.observe({ type: t.jobType, status: t.status }, t.seconds);
      this.tasksSince = t.endTime;
    }
    for (const q of await this.ctx.jobs.listQueues()) {
      this.queueSize.set({ type: q.jobType }, q.count);
      this.queueLatency.set({ type: q.jobType }, q.latency);
    }
    const stats = this.ctx.database.poolStats?.() ?? { total: 1, idle: 0, waiting: 0, max: 1 };
    this.pool.set({ state: 'open' }, stats.total);
    this.pool.set({ state: 'idle' }, stats.idle);
    this.pool.set({ state: 'in_use' }, stats.total - stats.idle);
    this.pool.set({ state: 'waiting' }, stats.waiting);
    this.pool.set({ state: 'max' }, stats.max);
    this.summaryAt = Date.now();
  }
}

const instances = new WeakMap<CoreContext, BerthMetrics>();

/** The context's metrics, made on first use (the composition root asks first, before any route). */
export function metricsOf(ctx: CoreContext): BerthMetrics {
  let metrics = instances.get(ctx);
  if (!metrics) instances.set(ctx, (metrics = new BerthMetrics(ctx)));
  return metrics;
}
