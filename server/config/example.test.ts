import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { INSTALL_ROOT } from '../lib/package-info.js';
import { loadConfig } from './load.js';
import { configSchema } from './schema.js';
import { leaves } from './schema-walk.js';

const examplePath = path.join(INSTALL_ROOT, 'harbor.yml.example');

test('harbor.yml.example loads without a warning and gives exactly the defaults', () => {
  const empty = path.join(mkdtempSync(path.join(os.tmpdir(), 'berth-example-')), 'harbor.yml');
  writeFileSync(empty, '');
  const example = loadConfig({ file: examplePath, env: {}, cwd: INSTALL_ROOT });
  expect(example.warnings).toEqual([]);
  expect(example.config).toEqual(loadConfig({ file: empty, env: {}, cwd: INSTALL_ROOT }).config);
});

test('harbor.yml.example documents every key', () => {
  const text = readFileSync(examplePath, 'utf8');
  for (const leaf of leaves(configSchema)) {
    const key = leaf.path.at(-1)!;
    expect(text, leaf.path.join('.')).toMatch(new RegExp(`^\\s*#?\\s*${key}:`, 'm'));
  }
});
