/**
 * Once per test run: build the server and console when stale (tests run the real compiled
 * server), and make one set of keys that test servers copy, so each start skips RSA key
 * generation. The tests of `berth prepare` itself make their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareSecrets } from '../secrets/prepare.js';

declare module 'vitest' {
  export interface ProvidedContext {
    preparedDataVolume: string;
  }
}

export default async function setup(project: TestProject) {
  // @ts-expect-error: a plain .mjs script without type declarations.
  const build = (await import('../../scripts/build-if-stale.mjs')) as {
    ensureServerBuilt(): Promise<void>;
    ensureWebBuilt(): Promise<void>;
  };
  await build.ensureWebBuilt();
  await build.ensureServerBuilt();
  const prepared = await mkdtemp(path.join(os.tmpdir(), 'berth-keys-'));
  await prepareSecrets(prepared, { keyBits: 2048 });
  project.provide('preparedDataVolume', prepared);
  return async () => {
    await rm(prepared, { recursive: true, force: true });
  };
}
