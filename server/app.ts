/**
 * The composition root: config -> secrets -> database -> services -> Express routes.
 * Nothing else reads configuration or builds services; everything below receives what it needs.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import { apiRouter } from './api/router.js';
import { consoleVisit } from './api/console-visit.js';
import { consoleSessionRouter } from './api/session.routes.js';
import type { LoadedConfig } from './config/load.js';
import { dataLayout } from './config/paths.js';
import type { CoreContext } from './core/context.js';
import { EventBus } from './core/events/bus.js';
import { RegistryRuntime } from './core/registry/runtime.js';
import { CredentialMemory } from './core/sessions/credential-memory.js';
import { SettingsService } from './core/settings/settings.service.js';
import { bootstrap } from './core/system/bootstrap.js';
import { openDatabase } from './db/connect.js';
import { migrateUp } from './db/migrate.js';
import { accessLog } from './http/access-log.js';
import { DatabaseJobService } from './jobs/job-service.js';
import { registerSystemJobs } from './jobs/system-jobs.js';
import { registerCleanups } from './core/gc/cleanup-kinds.js';
import { registerReplication } from './core/replication/triggers.js';
import { registerSbom } from './core/sbom/sbom-triggers.js';
import { registerWebhooks } from './core/webhooks/hooks.js';
import { AuditForwarder } from './core/audit/audit-forward.js';
import { AuditLog } from './core/audit/audit-log.js';
import { registerRetention } from './core/retention/triggers.js';
import { registerScanning } from './core/scanning/triggers.js';
import { pageRenderer } from './http/page-renderer.js';
import { spa } from './http/spa.js';
import { signingKeyFromPem } from './lib/jwt.js';
import { VERSION, WEB_ROOT } from './lib/package-info.js';
import { SecretBox } from './lib/secret-box.js';
import { createLoggers, type Loggers } from './log/loggers.js';
import { registryRouter } from './registry/router.js';
import { metricsOf } from './metrics/metrics.js';
import { checkKeys, keyFingerprints } from './core/system/key-check.js';
import { prepareSecrets } from './secrets/prepare.js';
import { chooseBlobStore } from './storage/choose-store.js';
import { tokenRouter } from './token/token.routes.js';

export interface ContextOptions {
  loggers?: Loggers;
}

/** Opens everything Berth runs on. The caller owns closing it (database, loggers). */
export async function createContext(loaded: LoadedConfig, options: ContextOptions = {}): Promise<CoreContext> {
  const { config } = loaded;
  const loggers =
    options.loggers ??
    createLoggers({
      level: config.log.level,
      location: config.log.local.location,
      rotateCount: config.log.local.rotate_count,
      rotateSize: config.log.local.rotate_size,
    });
  for (const warning of loaded.warnings) loggers.core.warn(warning);

  const secrets = await prepareSecrets(config.data_volume);
  for (const file of secrets.created) loggers.core.info({ file }, 'created a key');

  // Before the database is opened, so a key that cannot sign stops Berth before any write.
  const tokenKey = signingKeyFromPem(secrets.tokenKeyPem);
  const database = openDatabase(config.database, loggers.db);
  const audit = new AuditLog();
  let settings: SettingsService | undefined;
  try {
    const applied = await migrateUp(database.db);
    for (const name of applied) loggers.db.info({ migration: name }, 'applied a migration');
    await checkKeys(database.db, config.data_volume, keyFingerprints(secrets.tokenKeyPem, secrets.secretKey), new Date().toISOString());
    const secretBox = new SecretBox(secrets.secretKey);
    settings = new SettingsService(database.db, secretBox, { token_expiration: config.token_expiration }, { database: config.database, logger: loggers.core });
    // Before anything writes an audit row, so every row is forwarded when an endpoint is set.
    await new AuditForwarder(settings, loggers.core, audit).start();
    const first = await bootstrap(database.db, config.harbor_admin_password);
    if (first.created) loggers.core.info('first start: created the admin account and the public project library');
    const seeded = await settings.seed(config.initial_settings ?? {});
    if (seeded.length) loggers.core.info({ settings: seeded }, 'seeded runtime settings from harbor.yml');

    const layout = dataLayout(config.data_volume);
    const registryDir = layout.registry;
    const { blobs, checkStorage, describe: storage } = await chooseBlobStore(config, registryDir);
    loggers.core.info({ storage }, 'blob store');
    // Workers start with the server (lifecycle.ts); CLI commands use the service without them.
    const jobs = new DatabaseJobService({
      db: database.db,
      logDir: layout.jobLogs,
      concurrency: config.jobservice.max_job_workers,
      logger: loggers.jobservice,
      logRotation: { size: config.log.local.rotate_size, count: config.log.local.rotate_count },
    });
    registerSystemJobs(jobs, { db: database.db, settings, loggers, blobs, config });
    const ctx: CoreContext = {
      config,
      db: database.db,
      database,
      settings,
      audit,
      secretBox,
      events: new EventBus(loggers.core),
      loggers,
      version: VERSION,
      checkStorage,
      blobs,
      tokenKey,
      registry: new RegistryRuntime(database.db, audit, loggers.registry, config.database),
      credentials: new CredentialMemory(),
      jobs,
    };
    // Replication's job type, rule schedules and event triggers.
    registerReplication(ctx);
    // Webhook delivery job types and the bus subscriptions that queue deliveries.
    registerWebhooks(ctx);
    // Retention's job type, policy schedules and retention.finished.
    registerRetention(ctx);
    // Garbage collection and the audit log purge: job types and their schedules.
    registerCleanups(ctx);
    // SBOM generation: its job type and the auto_sbom_generation push trigger.
    registerSbom(ctx);
    // Vulnerability scans: the job type, the scan all schedule and auto_scan on push.
    registerScanning(ctx);
    return ctx;
  } catch (err) {
    await settings?.close();
    audit.close();
    await database.close();
    throw err;
  }
}

export function createApp(ctx: CoreContext, webRoot: string = WEB_ROOT): Express {
  const app = express();
  app.disable('x-powered-by');
  // A reverse proxy the operator trusts tells the client's address in X-Forwarded-For (req.ip):
  // sign-in limits per address must count clients, not the proxy. Nobody else can set it.
  app.set('trust proxy', ctx.config.http.trusted_proxies);
  app.use(accessLog(ctx.loggers));
  if (ctx.config.metric.enabled) app.use(metricsOf(ctx).http);
  // Every answer, errors and blobs included: a browser must never run a body as another type.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use('/v2', registryRouter(ctx));
  app.use('/service/token', tokenRouter(ctx));
  app.get('/api/version', (_req, res) => {
    res.json({ version: 'v2.0' });
  });
  app.use('/api/v2.0', apiRouter(ctx));
  app.use('/c', consoleSessionRouter(ctx));
  const renderer = pageRenderer(path.join(path.dirname(webRoot), 'ssr', 'entry-server.js'), (err) =>
    ctx.loggers.core.warn({ err }, 'the console could not render its first page on the server; it sends the page unrendered, for the browser to render'),
  );
  app.use(spa(webRoot, { visit: consoleVisit(ctx), renderer }));
  return app;
}
