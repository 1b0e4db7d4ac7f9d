import { expect, test } from 'vitest';
import { formatUtcTime } from './time';

test('the server-rendered form of a time is the same text everywhere: minutes, in UTC', () => {
  expect(formatUtcTime('2026-12-03T02:30:59.123Z')).toBe('2026-12-03 02:30 UTC');
  expect(formatUtcTime('2026-12-03T04:30:00+02:00')).toBe('2026-12-03 02:30 UTC');
  // Harbor's zero time and a missing one read as none, as in the browser's form (lib/format.ts).
  expect(formatUtcTime('0001-01-01T00:00:00Z')).toBe('—');
  expect(formatUtcTime(null)).toBe('—');
});
