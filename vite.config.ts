import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * Writes a .br and a .gz beside each built text file, compressed hard once at build time, which
 * the server sends to browsers that accept them (server/http/precompressed.ts).
 */
function precompress(): Plugin {
  return {
    name: 'berth-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = path.join(options.dir ?? 'dist/web', 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const bytes = readFileSync(path.join(dir, name));
        if (bytes.length < 1024) continue;
        writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(path.join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// The console (web/) is built into dist/web, which the server serves. `npm run dev:web` runs
// Vite's dev server and forwards the server's paths to a Berth on :8080.
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // Maps for debugging a build, not referenced by the files and never served (server/http/precompressed.ts).
    sourcemap: 'hidden',
    reportCompressedSize: true,
    // Read by scripts/bundle-size.mjs to hold the first route to its budget.
    manifest: true,
  },
  server: {
    proxy: { '/api': backend, '/c': backend, '/v2': backend, '/service': backend },
  },
});
