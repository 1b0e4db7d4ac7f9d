// Lint for the whole package. The import zones keep the layers of docs/ARCHITECTURE.md:
// api | registry | token | jobs -> auth -> core -> db, with lib, config, log, storage and
// secrets as leaves (and api/contracts/rules, the rules the console shares); web imports nothing
// from server/ but the shared API contracts.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const EDGES = ['api', 'registry', 'token', 'jobs'];
const ROOTS = ['./server/app.ts', './server/lifecycle.ts', './server/main.ts', './server/cli'];
const dirs = (names) => names.map((n) => `./server/${n}`);

/** `target` may not import from `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

/**
 * A console feature (web/features/<area>) imports no other feature: what two features share goes
 * in web/components (UI) or web/lib (helpers), and pages reach each other by URL only. The
 * router (web/app) is the one place that imports every feature.
 */
function featureZones() {
  const features = readdirSync(new URL('./web/features', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory());
  return features.map((feature) =>
    zone(`./web/features/${feature.name}`, './web/features', 'A console feature imports no other feature: move what they share to web/components or web/lib.', [`./${feature.name}`]),
  );
}

const layerZones = [
  ...EDGES.map((edge) =>
    zone(
      `./server/${edge}`,
      [...dirs(EDGES.filter((e) => e !== edge)), ...ROOTS],
      `server/${edge} is an edge: it shares code with other edges only through core or auth.`,
    ),
  ),
  zone('./server/http', [...dirs(EDGES), ...ROOTS], 'server/http is shared request plumbing below the edges.'),
  zone('./server/auth', [...dirs([...EDGES, 'http']), ...ROOTS], 'auth sits below the edges.'),
  zone('./server/core', [...dirs([...EDGES.filter((e) => e !== 'api'), 'auth', 'http']), ...ROOTS], 'core may use only db, storage and the leaves.'),
  zone('./server/core', './server/api', 'core may use only db, storage and the leaves (the shared rules in api/contracts/rules are one).', ['./contracts/rules']),
  zone(
    './server/core',
    './server/storage',
    'core depends on the blob store interface (storage/blob-store.ts), not on a driver: the app chooses the driver.',
    ['./blob-store.ts', './health.ts'],
  ),
  zone('./server/db', [...dirs([...EDGES, 'auth', 'http', 'core', 'storage', 'secrets']), ...ROOTS], 'db is below core.'),
  ...['storage', 'secrets', 'log'].map((leaf) =>
    zone(
      `./server/${leaf}`,
      [...dirs([...EDGES, 'auth', 'http', 'core', 'db']), ...ROOTS],
      `server/${leaf} is a leaf: it knows nothing of the domain.`,
    ),
  ),
  zone('./server/config', [...dirs([...EDGES, 'auth', 'http', 'core', 'db', 'storage', 'secrets', 'log']), ...ROOTS], 'config is a leaf.'),
  zone('./server/lib', ['./server'], 'server/lib is a leaf: it imports nothing from the rest of the server.', ['./lib', './api/contracts/rules']),
  // Bundled into the console too: plain data and pure functions, importing nothing.
  zone('./server/api/contracts/rules', ['./server'], 'The shared rules are a leaf: they import nothing from the server.', ['./api/contracts/rules']),
  zone('./web', './server', 'The console may import only the shared API contracts from the server.', ['./api/contracts']),
  ...featureZones(),
  zone('./server', './web', 'The server never imports the console.'),
];

const ONE_ACTOR = {
  selector: "TSInterfaceDeclaration[id.name='Actor'], TSTypeAliasDeclaration[id.name='Actor']",
  message: 'One Actor type: import it from server/core/security/actor.ts (Operator there when only the name counts).',
};

/** State at module level is shared by every app in the process: it goes on an object the app makes (CoreContext). */
const NO_MODULE_LET = ['Program > VariableDeclaration[kind="let"]', 'Program > ExportNamedDeclaration > VariableDeclaration[kind="let"]'].map((selector) => ({
  selector,
  message: 'No module-level let in the server: keep state on an object the app creates (CoreContext) and pass it in.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['server/**/*.ts', 'bench/**/*.ts'],
    ignores: ['server/api/contracts/**'],
    languageOptions: { parserOptions: { project: './tsconfig.server.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/core/security/actor.ts'],
    rules: { 'no-restricted-syntax': ['error', ONE_ACTOR, ...NO_MODULE_LET] },
  },
  {
    // Tests and their helpers keep fixtures in module lets, each test file in its own worker.
    // memory.ts (the gc() it fetched once) and storage/send-file.ts (the send buffer pool, whose
    // budget is meant for the whole process) hold the process's memory, not an app's state: two
    // apps in one process share one heap and one budget. lib/raw-json.ts holds its texts only
    // for the length of one synchronous JSON.stringify (emptied in a finally).
    files: ['server/**/*.test.ts', 'server/testing/**', 'server/memory.ts', 'server/storage/send-file.ts', 'server/lib/raw-json.ts'],
    ignores: ['server/core/security/actor.ts'],
    rules: { 'no-restricted-syntax': ['error', ONE_ACTOR] },
  },
  {
    files: ['server/core/security/actor.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_MODULE_LET] },
  },
  {
    // An audit row written around AuditLog would skip the app's forwarder.
    files: ['server/**/*.ts'],
    ignores: ['server/core/audit/**', '**/*.test.ts', 'server/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/audit/audit.repository.js'],
              importNames: ['insertAuditRows'],
              message: 'Write audit rows through the app\'s AuditLog (ctx.audit.write), which also forwards them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Edges call core's services; a repository's types may be named (presenters), its functions not.
    files: EDGES.map((edge) => `server/${edge}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**/*.repository.js'],
              allowTypeImports: true,
              message: 'Edges call core services, not repositories (which hold the SQL): add or use a service function.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['./tsconfig.json', './tsconfig.server.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
  },
);
