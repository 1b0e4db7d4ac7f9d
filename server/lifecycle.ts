/**
 * Starting and stopping a Berth server. Stop (SIGTERM/SIGINT): refuse new connections, let
 * in-flight requests finish within http.shutdown_timeout, then cut what is left, close the
 * database and flush the logs.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApp, createContext } from './app.js';
import { systemTokenMinter } from './auth/system-token.js';
import type { LoadedConfig } from './config/load.js';
import type { CoreContext } from './core/context.js';
import { markServing } from './db/in-use.js';
import { limitConnections, type ConnectionLimit } from './http/connection-limit.js';
import { scheduleSystemJobs } from './jobs/system-jobs.js';
import { resumeReplication } from './core/replication/triggers.js';
import { applyV8Flags, collectWhenIdle, mallocSettings } from './memory.js';
import { preflight } from './preflight.js';
import { releaseSendBuffers } from './storage/send-file.js';
import { startMetricsListener, type MetricsListener } from './metrics/listener.js';

export interface RunningBerth {
  ctx: CoreContext;
  /** The port the HTTP listener got (useful with http.port 0 in tests). */
  port: number;
  httpsPort: number | undefined;
  /** The metrics listener's port, when metric.enabled. */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use (${key}); stop the other program or choose another port`));
      else if (err.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port} (${key}); ports below 1024 need root or CAP_NET_BIND_SERVICE`));
      else reject(err);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function tuned<T extends http.Server>(server: T, limit: ConnectionLimit, plainHttp: boolean): T {
  // No limit on the whole request: it would cut a 1 GiB layer on a slow link. Bodies are bounded
  // where they are read instead: /api and /c by http.body_timeout, /v2 uploads by their idle
  // timeout (registry/handlers/uploads.ts), so a stalled client is dropped on every surface.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  limitConnections(server, limit, plainHttp);
  return server;
}

/** Where this process reaches its own HTTP listener: the bind address, or loopback when it binds every address. */
function loopbackHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '' || bindAddress === '::') return '127.0.0.1';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}

export async function startBerth(loaded: LoadedConfig): Promise<RunningBerth> {
  const { config } = loaded;
  const v8Flags = applyV8Flags();
  const { tls } = await preflight(loaded);
  const ctx = await createContext(loaded);
  // migrate restore refuses while this mark is held (see db/in-use.ts).
  const serving = await markServing(config.database, ctx.loggers.db);
  const app = createApp(ctx);
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const limit: ConnectionLimit = {
    perAddress: config.http.max_connections_per_address,
    trusted: (address) => trustProxy(address, 0),
  };
  const servers: http.Server[] = [tuned(http.createServer(app), limit, true)];
  const host = config.http.bind_address;
  let port: number;
  let httpsPort: number | undefined;
  let metricsListener: MetricsListener | undefined;
  try {
    port = await listen(servers[0]!, config.http.port, host, 'http.port');
    if (config.https && tls) {
      const secure = tuned(https.createServer(tls, app), limit, false);
      servers.push(secure);
      httpsPort = await listen(secure, config.https.port, host, 'https.port');
    }
    metricsListener = await startMetricsListener(ctx);
  } catch (err) {
    for (const s of servers) s.close();
    await serving.release();
    ctx.audit.close();
    await ctx.database.close();
    await ctx.loggers.close();
    throw err;
  }
  // With port 0 the system chose the port: the default external URL (mailed links) must name it.
  if (!config.external_url_configured && (config.http.port === 0 || config.https?.port === 0)) {
    config.external_url = config.https ? `https://${config.hostname}:${httpsPort}` : `http://${config.hostname}:${port}`;
  }
  ctx.loopback = { url: `http://${loopbackHost(host)}:${port}`, mintToken: systemTokenMinter(ctx.tokenKey) };
  ctx.loggers.core.info({ port, httpsPort, metricsPort: metricsListener?.port, externalUrl: config.external_url, version: ctx.version, v8Flags, nodeFlags: process.execArgv, malloc: mallocSettings() }, 'Berth is listening');
  const idle = collectWhenIdle({
    release: releaseSendBuffers,
    onCollected: (rssBefore) => ctx.loggers.core.info({ rssBefore }, 'quiet: garbage collected'),
  });
  for (const s of servers) s.on('request', idle.onRequest);
  // After listen: a process that cannot serve must not take tasks. A failure here is logged,
  // not fatal: the registry serves without background jobs rather than not at all.
  let stopReplication = () => {};
  const jobsStarted = scheduleSystemJobs(ctx.jobs, config)
    .then(() => ctx.jobs.start())
    .then(async () => {
      stopReplication = await resumeReplication(ctx);
    })
    .catch((err: unknown) => ctx.loggers.jobservice.error({ err }, 'the job service did not start'));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ctx.loggers.core.info('stopping: finishing in-flight requests');
      // Meanwhile running tasks are aborted and handed back (Pending) for another process.
      const jobsStopped = jobsStarted
        .then(() => {
          stopReplication();
          return ctx.jobs.stop();
        })
        .catch((err: unknown) => ctx.loggers.jobservice.error({ err }, 'stopping the job service failed'));
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const s of servers) s.closeIdleConnections();
      const deadline = setTimeout(() => {
        ctx.loggers.core.warn('shutdown timeout reached: closing the remaining connections');
        for (const s of servers) s.closeAllConnections();
      }, config.http.shutdown_timeout);
      await Promise.all([...closed, metricsListener?.close()]);
      clearTimeout(deadline);
      idle.stop();
      await jobsStopped;
      // Pending pull counts and audit rows go to the database before it closes.
      await ctx.registry.close();
      await ctx.settings.close();
      await serving.release();
      ctx.audit.close();
      await ctx.database.close();
      ctx.loggers.core.info('stopped');
      await ctx.loggers.close();
    })());
  return { ctx, port, httpsPort, metricsPort: metricsListener?.port, stop };
}
