/**
 * An instance whose keys are not the ones its database was set up with refuses to start and
 * names the key file, instead of starting healthy and failing on tokens and stored secrets.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/dialects.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const started: ServerProcess[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const s of started) {
    await s.stop();
    await s.cleanup();
  }
  for (const d of databases) await d.drop();
});

async function failedStart(options: Parameters<typeof startServer>[0]): Promise<string> {
  const error = await startServer(options).then(
    (s) => {
      started.push(s);
      return null;
    },
    (err: Error) => err.message,
  );
  expect(error, 'the server should have refused to start').not.toBeNull();
  return error!;
}

describe('keys checked against the database at start', () => {
  test('a restore without its secret/ folder is refused, naming both key files; the keys back, it starts', async () => {
    const first = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    started.push(first);
    expect(await first.stop()).toBe(0);

    const secret = path.join(first.dataVolume, 'secret');
    await rm(secret, { recursive: true });
    const message = await failedStart({ dir: first.dir });
    expect(message).toContain('exited with status 2');
    expect(message).toContain(`the token signing key ${path.join(secret, 'core', 'private_key.pem')} is not the one this database was set up with`);
    expect(message).toContain(`the secret key ${path.join(secret, 'keys', 'secretkey')} is not the one this database was set up with`);

    // The original keys restored: the same database starts again.
    await rm(secret, { recursive: true });
    const again = await startServer({ dir: first.dir, preparedDataVolume: inject('preparedDataVolume') });
    started.push(again);
    expect((await fetch(`${again.url}/api/v2.0/ping`)).status).toBe(200);
  });

  test('a second instance on the same PostgreSQL database with another data volume is refused', async () => {
    const db = await createTestDatabase('postgresql');
    databases.push(db);
    const a = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { database: { url: db.url } } });
    started.push(a);
    // No prepared volume: this instance makes keys of its own.
    const message = await failedStart({ config: { database: { url: db.url } } });
    expect(message).toMatch(/data_volume: the token signing key \S+ is not the one this database was set up with; restore the secret\/ folder/);
    expect((await fetch(`${a.url}/api/v2.0/ping`)).status).toBe(200);
  });
});
