/**
 * Two Berth processes on one PostgreSQL database and one data volume, as behind a load balancer:
 * the second shares the first's keys (same volume) and keeps its own log directory.
 */
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './dialects.js';
import { startServer, type ServerProcess } from './server-process.js';

export interface TwinServers {
  testDb: TestDatabase;
  a: ServerProcess;
  b: ServerProcess;
  /** Stops both, removes their directories and drops the database. */
  stop(): Promise<void>;
}

/** `config` (harbor.yml keys other than database, data_volume and log) applies to both. */
export async function startTwinServers(preparedDataVolume: string, config: Record<string, unknown> = {}): Promise<TwinServers> {
  const testDb = await createTestDatabase('postgresql');
  const a = await startServer({ preparedDataVolume, config: { ...config, database: { url: testDb.url } } });
  const b = await startServer({
    config: { ...config, database: { url: testDb.url }, data_volume: a.dataVolume, log: { local: { location: path.join(a.dir, 'log-b') } } },
  });
  return {
    testDb,
    a,
    b,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await b.cleanup();
      await a.cleanup();
      await testDb.drop();
    },
  };
}
