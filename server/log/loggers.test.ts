import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createLoggers } from './loggers.js';

async function rotatedFiles(rotateCount: number): Promise<string[]> {
  const location = mkdtempSync(path.join(os.tmpdir(), 'berth-log-'));
  const loggers = createLoggers({ level: 'info', location, rotateCount, rotateSize: 1024, stdout: false });
  for (let i = 0; i < 40; i++) {
    loggers.core.info({ line: i, filler: 'x'.repeat(100) }, 'a line long enough to fill the file');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await loggers.close();
  return readdirSync(location).filter((f) => f.startsWith('core.log.'));
}

test('log.local.rotate_count 0 keeps no rotated file; 1 keeps one', async () => {
  expect(await rotatedFiles(1)).toEqual(['core.log.1']);
  expect(await rotatedFiles(0)).toEqual([]);
});
