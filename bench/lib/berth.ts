/** Berth as the side-by-side workloads use it: a real server process and a private project. */
import { startServer, type ServerOptions } from '../../server/testing/server-process.js';
import type { RunningRegistry } from './reference.js';
import type { Credentials } from './registry-client.js';

export const ADMIN: Credentials = { username: 'admin', password: 'Harbor12345' };

export async function startBerth(options: ServerOptions = {}): Promise<RunningRegistry & { credentials: Credentials }> {
  const server = await startServer({ ...options, config: { log: { level: 'info' }, ...options.config } });
  // The read workloads run on a private project, so every request carries a bearer token.
  const res = await fetch(`${server.url}/api/v2.0/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` },
    body: JSON.stringify({ project_name: 'bench', metadata: { public: 'false' } }),
  });
  if (res.status !== 201) throw new Error(`cannot create the bench project: ${res.status} ${await res.text()}`);
  return {
    name: 'berth',
    url: server.url,
    pid: server.child.pid!,
    credentials: ADMIN,
    stop: async () => {
      await server.stop();
      await server.cleanup();
    },
  };
}
