/** The V8 flags the served process applies to itself, the malloc settings it is launched with, and how an operator changes them. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { INSTALL_ROOT } from './lib/package-info.js';
import { applyV8Flags, DEFAULT_V8_FLAGS, LAUNCH_ENV, LAUNCH_NODE_FLAGS, launchEnv, mallocSettings } from './memory.js';

describe('applyV8Flags', () => {
  test('applies Berth defaults; BERTH_V8_FLAGS replaces them, empty means V8 defaults; a flag given to node keeps its value', () => {
    expect(applyV8Flags({}, [])).toEqual([DEFAULT_V8_FLAGS]);
    expect(applyV8Flags({ BERTH_V8_FLAGS: ' --heap-growing-percent=100  --memory-reducer ' }, [])).toEqual([
      '--heap-growing-percent=100',
      '--memory-reducer',
    ]);
    expect(applyV8Flags({ BERTH_V8_FLAGS: '' }, [])).toEqual([]);
    expect(applyV8Flags({}, ['--heap_growing_percent=80'])).toEqual([]);
  });
});

describe('the launch environment', () => {
  test('adds the malloc trim threshold where the environment has none, and keeps an operator value', () => {
    expect(launchEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_TRIM_THRESHOLD_: '131072' });
    expect(launchEnv({ MALLOC_TRIM_THRESHOLD_: '1048576' })).toEqual({ MALLOC_TRIM_THRESHOLD_: '1048576' });
    expect(mallocSettings({})).toEqual({ MALLOC_TRIM_THRESHOLD_: null });
    expect(mallocSettings(launchEnv({}))).toEqual({ MALLOC_TRIM_THRESHOLD_: '131072' });
  });

  test('npm start and the berth command set the same variables and node flags as LAUNCH_ENV and LAUNCH_NODE_FLAGS', () => {
    const start = (JSON.parse(readFileSync(`${INSTALL_ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
    const shebang = readFileSync(`${INSTALL_ROOT}/bin/berth.mjs`, 'utf8').split('\n')[0]!;
    for (const [name, value] of Object.entries(LAUNCH_ENV)) {
      expect(start).toContain(`${name}=\${${name}:-${value}} node `);
      expect(shebang).toContain(`${name}=${value} node `);
    }
    for (const flag of LAUNCH_NODE_FLAGS) {
      expect(start).toContain(` ${flag} `);
      expect(shebang).toContain(` ${flag}`);
    }
  });
});
