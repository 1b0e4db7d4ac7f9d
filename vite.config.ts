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

/**
 * Writes .vite/modules.json: for each source module (web/... or node_modules/...), the chunk that
 * holds it, and each chunk's static imports. Vite's own manifest names a module only when it is
 * a chunk's entry, which modules merged into a group (codeSplitting below) are not. The server
 * reads it to name the files a page needs in its HTML (server/http/console-preloads.ts), and the
 * budget check to weigh the first routes (scripts/bundle-size.mjs).
 */
function moduleMap(): Plugin {
  const root = process.cwd();
  const keyOf = (id: string) => {
    const inPackages = id.lastIndexOf('/node_modules/');
    return inPackages >= 0 ? id.slice(inPackages + 1) : path.relative(root, id).split(path.sep).join('/');
  };
  return {
    name: 'berth-module-map',
    apply: 'build',
    generateBundle(_options, bundle) {
      const modules: Record<string, string> = {};
      const imports: Record<string, string[]> = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        imports[chunk.fileName] = chunk.imports;
        for (const id of chunk.moduleIds) if (!id.startsWith('\0')) modules[keyOf(id)] = chunk.fileName;
      }
      this.emitFile({ type: 'asset', fileName: '.vite/modules.json', source: JSON.stringify({ modules, imports }) });
    },
  };
}

// The console (web/) is built into dist/web, which the server serves. `npm run dev:web` runs
// Vite's dev server and forwards the server's paths to a Berth on :8080.
const backend = 'http://localhost:8080';

/**
 * The server's renderer of the first page (web/entry-server.tsx, `vite build --ssr`), into
 * dist/ssr/entry-server.js. Everything is bundled and built for production: the server does not set NODE_ENV,
 * and React's development build would render several times slower and warn to the server's log.
 */
const serverRenderer = defineConfig({
  plugins: [react()],
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true, target: 'node' },
  // One file: the server loads a new build under a new URL (server/http/page-renderer.ts), and
  // chunks importing the entry by its plain name would get a second copy of React and the router.
  build: { outDir: 'dist/ssr', emptyOutDir: true, sourcemap: 'hidden', minify: false, rolldownOptions: { output: { codeSplitting: false } } },
});

const browser = defineConfig({
  plugins: [react(), tailwindcss(), precompress(), moduleMap()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // Maps for debugging a build, not referenced by the files and never served (server/http/precompressed.ts).
    sourcemap: 'hidden',
    reportCompressedSize: true,
    // Read by scripts/bundle-size.mjs to hold the first route to its budget.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], priority: 3 },
            { name: 'public', test: /web[\\/](features[\\/]auth[\\/]sign-in-page|components[\\/]layout[\\/]public-page)\.tsx$/, priority: 2 },
            { name: 'frame', test: /web[\\/](components[\\/]layout[\\/]app-layout|features[\\/]projects[\\/]projects-page)\.tsx$/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': backend, '/c': backend, '/v2': backend, '/service': backend },
  },
});

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? serverRenderer : browser));
