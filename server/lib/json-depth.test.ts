import { expect, test } from 'vitest';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

test('nesting up to the limit passes, one level more does not; arrays and objects both count', () => {
  expect(jsonNestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
  expect(jsonNestsDeeperThan(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
  expect(jsonNestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 3)).toBe(true);
  expect(jsonNestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
  // Siblings do not add up: depth is how far in, not how many.
  expect(jsonNestsDeeperThan(bytes(`[${Array(1000).fill('[1]').join(',')}]`), 2)).toBe(false);
});

test('brackets inside strings, escaped quotes and backslashes, and multi-byte characters do not count', () => {
  expect(jsonNestsDeeperThan(bytes(JSON.stringify({ s: '[[[[{{{{' })), 1)).toBe(false);
  expect(jsonNestsDeeperThan(bytes(JSON.stringify({ s: 'a"[[[\\', t: '\\"{{{' })), 1)).toBe(false);
  expect(jsonNestsDeeperThan(bytes(JSON.stringify({ s: '中文[[[ 🐳 ' })), 1)).toBe(false);
  expect(jsonNestsDeeperThan(bytes(`{"s":"\\\\",${'"x":['.repeat(3)}1]]]}`), 3)).toBe(true);
});
