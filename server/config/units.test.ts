import { expect, test } from 'vitest';
import { parseByteSize, parseDuration } from './units.js';

test.each([
  ['200M', 200 * 1024 ** 2],
  ['1G', 1024 ** 3],
  ['512k', 512 * 1024],
  ['100MB', 100 * 1024 ** 2],
  ['4096', 4096],
  [1024, 1024],
  ['lots', null],
  ['0M', null],
  ['-1M', null],
])('parseByteSize(%j) is %j', (text, bytes) => {
  expect(parseByteSize(text)).toBe(bytes);
});

test.each([
  ['30s', 30_000],
  ['168h', 168 * 3_600_000],
  ['1h30m', 5_400_000],
  ['7d', 7 * 86_400_000],
  ['250ms', 250],
  ['soon', null],
  ['10', null],
])('parseDuration(%j) is %j', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});
