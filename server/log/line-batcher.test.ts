import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createStream } from 'rotating-file-stream';
import { expect, test } from 'vitest';
import { LineBatcher } from './line-batcher.js';

const line = (i: number) => `{"msg":"request","n":"${String(i).padStart(5, '0')}"}\n`;

test('lines logged while the file is busy reach it in order, in a handful of writes rather than one each', async () => {
  const location = mkdtempSync(path.join(os.tmpdir(), 'berth-batch-'));
  const file = createStream('registry.log', { path: location, size: '10M', rotate: 1 });
  let writes = 0;
  const write = file.write.bind(file) as (chunk: string, cb: (err?: Error | null) => void) => boolean;
  file.write = ((chunk: string, cb: (err?: Error | null) => void) => {
    writes += 1;
    return write(chunk, cb);
  }) as typeof file.write;

  const batcher = new LineBatcher(file, (n) => `dropped ${n}\n`);
  for (let i = 0; i < 10_000; i++) batcher.write(line(i));
  await batcher.end();

  const lines = readFileSync(path.join(location, 'registry.log'), 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(10_000);
  expect(lines.every((l, i) => l === line(i).trimEnd())).toBe(true);
  // The first line goes out alone; the 9,999 logged while it was being written go out as one.
  expect(writes).toBe(2);
});

test('while the file is stalled the waiting lines stay under the bound, and the file learns how many were dropped', async () => {
  const written: string[] = [];
  let release: (() => void) | undefined;
  const stalled = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      // The first write hangs, as on a disk that stopped answering, until the test releases it.
      if (written.length === 1) release = () => callback();
      else callback();
    },
  });
  const batcher = new LineBatcher(stalled, (n) => `dropped ${n}\n`, 1024);
  for (let i = 0; i < 1_000; i++) batcher.write(line(i));
  const kept = Math.floor(1024 / line(1).length);
  release!();
  await batcher.end();

  const text = written.join('');
  expect(text.startsWith(line(0))).toBe(true);
  expect(text.split('\n').filter((l) => l.startsWith('{'))).toHaveLength(1 + kept);
  expect(text).toContain(`dropped ${1_000 - 1 - kept}\n`);
});
