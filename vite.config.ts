import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The console (web/) is built into dist/web, which the server serves. `npm run dev:web` runs
// Vite's dev server and forwards the server's paths to a Berth on :8080.
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: true,
    reportCompressedSize: true,
    // Read by scripts/bundle-size.mjs to hold the first route to its budget.
    manifest: true,
  },
  server: {
    proxy: { '/api': backend, '/c': backend, '/v2': backend, '/service': backend },
  },
  test: {
    include: ['server/**/*.test.ts', 'web/**/*.test.{ts,tsx}', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['server/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
