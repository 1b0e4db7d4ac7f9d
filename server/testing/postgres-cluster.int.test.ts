// The throwaway PostgreSQL the data tests fall back on where none answers (dialects.ts): it is
// made as the postgres user when we are root, answers SQL, and leaves nothing behind.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { expect, test } from 'vitest';
import { throwawayCluster } from './postgres-cluster.js';

test('a throwaway cluster starts, answers and is removed', async () => {
  const cluster = await throwawayCluster();
  const dir = cluster.dir;
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ user: string; version: string }>('select current_user as user, version() as version');
    await client.end();
    expect(rows[0]?.user).toBe('postgres');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    expect(existsSync(dir)).toBe(true);
  } finally {
    cluster.stop();
  }
  expect(existsSync(dir)).toBe(false);
});
