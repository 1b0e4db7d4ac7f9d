/** The V8 flags the served process applies to itself, and how an operator changes them. */
import { describe, expect, test } from 'vitest';
import { applyV8Flags, DEFAULT_V8_FLAGS } from './memory.js';

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
