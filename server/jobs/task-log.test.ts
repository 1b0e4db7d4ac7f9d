/** Task logs rotate as the component logs do, and read back whole, oldest first. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, expect, test } from 'vitest';
import { DROPPED_NOTE, TaskLogs } from './task-log.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function writeLines(rotation: { size: number; count: number }, lines: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'task-log-'));
  dirs.push(dir);
  const logs = new TaskLogs(dir, pino({ level: 'silent' }), rotation);
  const log = logs.open({ taskId: 7, executionId: 1, jobType: 'DEMO' });
  for (let i = 0; i < lines; i++) log.info(`line ${String(i).padStart(3, '0')}`);
  await log.flush();
  return { logs, dir };
}

const numbers = (text: string) => [...text.matchAll(/line (\d+)/g)].map((m) => Number(m[1]));

test('past rotate_size the file rotates; within rotate_count every line reads back in order', async () => {
  // Each line is 41 bytes: two to a file of at most 120 bytes, so 10 lines make 5 files.
  const { logs, dir } = await writeLines({ size: 120, count: 5 }, 10);
  expect((await readdir(dir)).sort()).toEqual(['7.log', '7.log.1', '7.log.2', '7.log.3', '7.log.4']);
  const text = await logs.read(7);
  expect(numbers(text)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(text.startsWith(DROPPED_NOTE)).toBe(false);
});

test('beyond rotate_count the oldest lines go, and reading says so', async () => {
  const { logs, dir } = await writeLines({ size: 120, count: 1 }, 10);
  expect((await readdir(dir)).filter((f) => !f.endsWith('.dropped')).sort()).toEqual(['7.log', '7.log.1']);
  const text = await logs.read(7);
  expect(text.startsWith(DROPPED_NOTE)).toBe(true);
  expect(numbers(text)).toEqual([6, 7, 8, 9]);
});

test('removing a task removes its rotated files too', async () => {
  const { logs, dir } = await writeLines({ size: 120, count: 1 }, 10);
  await logs.remove([7]);
  expect(await readdir(dir)).toEqual([]);
  expect(await logs.read(7)).toBe('');
});
