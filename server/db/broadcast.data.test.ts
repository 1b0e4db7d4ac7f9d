/**
 * Messages between processes on PostgreSQL (broadcast.ts): caughtUp() answers only once every
 * message published before its mark has been handed to onMessage, even when PostgreSQL is slow
 * to deliver it; callers waiting together share one round trip; a listener that stops answering
 * is replaced, and meanwhile vouches for nothing.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { mayPauseBackends, withListenersPaused } from '../testing/paused-listeners.js';
import { BARRIER_TIMEOUT_MS, openBroadcast, type Broadcast } from './broadcast.js';
import type { DbHandle } from './connect.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(DIALECTS.includes('postgresql'))('messages between processes on PostgreSQL', () => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let mayPause = false;
  const opened: Broadcast[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    handle = testDb.open();
    mayPause = await mayPauseBackends(handle.db, testDb.url);
  });

  afterAll(async () => {
    await Promise.all(opened.map((broadcast) => broadcast.close()));
    await handle.close();
    await testDb.drop();
  });

  /** A broadcast on its own channel, recording what it hears; resolves once it listens. */
  async function listener(channel: string) {
    const heard: string[] = [];
    const gaps = { count: 0 };
    const broadcast = openBroadcast(testDb.settings, handle.db, {
      channel,
      sender: randomUUID(),
      onMessage: (message) => heard.push(message),
      onGap: () => (gaps.count += 1),
      logger: pino({ level: 'silent' }),
    });
    opened.push(broadcast);
    await broadcast.listening;
    return { broadcast, heard, gaps };
  }

  test('caughtUp waits for a message published before its mark, although PostgreSQL holds it back', async ({ skip }) => {
    if (!mayPause) skip('the database server runs where this process may not signal it');
    const here = await listener('berth_test_one');
    const there = await listener('berth_test_one');
    let settled = false;
    const { waiting } = await withListenersPaused(handle.db, process.pid, async () => {
      await there.broadcast.publish('tag gone');
      const answer = here.broadcast.caughtUp(here.broadcast.mark()).finally(() => (settled = true));
      await sleep(200);
      expect([settled, here.heard]).toEqual([false, []]);
      // Wrapped, so that it is awaited once the backends run again.
      return { waiting: answer };
    });
    expect(await waiting).toBe(true);
    expect(here.heard).toEqual(['tag gone']);
  });

  test('callers waiting together share one round trip (two when one was already on its way)', async () => {
    const here = await listener('berth_test_two');
    const before = here.broadcast.mark();
    const answers = await Promise.all(Array.from({ length: 50 }, () => here.broadcast.caughtUp(here.broadcast.mark())));
    expect(answers.every(Boolean)).toBe(true);
    expect(here.broadcast.mark() - before).toBeLessThanOrEqual(2);
    // A mark already passed costs nothing.
    const after = here.broadcast.mark();
    expect(await here.broadcast.caughtUp(before)).toBe(true);
    expect(here.broadcast.mark()).toBe(after);
  });

  test('a listener that stops answering vouches for nothing, reports a gap and is replaced', async ({ skip }) => {
    if (!mayPause) skip('the database server runs where this process may not signal it');
    const here = await listener('berth_test_three');
    const gapsBefore = here.gaps.count;
    await withListenersPaused(handle.db, process.pid, async () => {
      const started = Date.now();
      expect(await here.broadcast.caughtUp(here.broadcast.mark())).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(BARRIER_TIMEOUT_MS - 50);
      expect(here.gaps.count).toBeGreaterThan(gapsBefore);
      // Not listening: no waiting either.
      expect(await here.broadcast.caughtUp(here.broadcast.mark())).toBe(false);
    });
    const there = await listener('berth_test_three');
    for (let tries = 0; !(await here.broadcast.caughtUp(here.broadcast.mark())); tries++) {
      if (tries > 150) throw new Error('the listener was not replaced');
      await sleep(20);
    }
    await there.broadcast.publish('after the gap');
    expect(await here.broadcast.caughtUp(here.broadcast.mark())).toBe(true);
    expect(here.heard).toEqual(['after the gap']);
  });
});
