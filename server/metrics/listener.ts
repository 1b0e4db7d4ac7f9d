/**
 * The metrics listener: harbor.yml `metric.port` and `metric.path` on their own HTTP server
 * (Harbor's default 9090 /metrics), apart from the public port so scrapes need no exposure.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CoreContext } from '../core/context.js';
import { metricsOf } from './metrics.js';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsListener(ctx: CoreContext): Promise<MetricsListener | undefined> {
  const { metric } = ctx.config;
  if (!metric.enabled) return undefined;
  const metrics = metricsOf(ctx);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || path !== metric.path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`metrics are at ${metric.path}\n`);
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: unknown) => {
        ctx.loggers.core.error({ err }, 'metrics could not be collected');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${metric.port} on ${metric.bind_address} is already in use (metric.port); choose another port` : `metric.port: ${err.message}`)),
    );
    server.listen(metric.port, metric.bind_address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.loggers.core.info({ metricsPort: port, path: metric.path }, 'metrics are served');
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
