/** Playwright fixtures: a real Berth server per test file, stopped and removed afterwards. */
import { test as base } from '@playwright/test';
import { startServer, type ServerProcess } from '../server/testing/server-process';

export const test = base.extend<object, { berth: ServerProcess }>({
  berth: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
      await server.cleanup();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ berth }, use) => use(berth.url),
});

export { expect } from '@playwright/test';

/** Where screenshots of the main pages go, to be looked at. */
export const screenshotPath = (name: string) => `test-results/screenshots/${name}.png`;
