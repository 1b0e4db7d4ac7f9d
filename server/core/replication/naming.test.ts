import { describe, expect, test } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { destinationRepository, isValidNamespace } from './naming.js';

describe('destination repository (Harbor\'s flattening)', () => {
  test.each([
    ['a/b/c/image', 'n', -1, 'n/image'],
    ['a/b/c/image', 'n', 0, 'n/a/b/c/image'],
    ['a/b/c/image', 'n', 1, 'n/b/c/image'],
    ['a/b/c/image', 'n', 2, 'n/c/image'],
    ['a/b/c/image', 'n', 3, 'n/image'],
    ['library/nginx', 'mirror/dr', 1, 'mirror/dr/nginx'],
    ['library/nginx', '', 1, 'library/nginx'],
    ['library/nginx', '', -1, 'library/nginx'],
  ])('%s into %j with %i: %s', (source, namespace, count, expected) => {
    expect(destinationRepository(source, namespace, count)).toBe(expected);
  });

  test('stripping more levels than the source has is refused, naming the field', () => {
    let caught: unknown;
    try {
      destinationRepository('a/b/c/image', 'n', 4);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).field).toBe('dest_namespace_replace_count');
  });

  test('namespaces follow the repository grammar', () => {
    expect(isValidNamespace('mirror')).toBe(true);
    expect(isValidNamespace('mirror/dr-1')).toBe(true);
    expect(isValidNamespace('Mirror')).toBe(false);
    expect(isValidNamespace('mirror/')).toBe(false);
  });
});
