/** The bound and the versions of the inline tags' texts kept in memory (tags-json-cache.ts). */
import { describe, expect, test } from 'vitest';
import { TagsJsonCache } from './tags-json-cache.js';

describe('TagsJsonCache', () => {
  test('serves a text only at the version it was written at, and drops it at another', () => {
    const cache = new TagsJsonCache(1000);
    cache.set(1, 3, Buffer.from('[1]'));
    expect(cache.get(1, 3)?.text.toString()).toBe('[1]');
    expect(cache.get(1, 4)).toBeUndefined();
    expect(cache.has(1)).toBe(false);
    expect(cache.size).toBe(0);
  });

  test('keeps the newer text when a slower request brings an older one', () => {
    const cache = new TagsJsonCache(1000);
    cache.set(1, 5, Buffer.from('[new]'));
    cache.set(1, 4, Buffer.from('[old]'));
    expect(cache.get(1, 5)?.text.toString()).toBe('[new]');
    cache.set(1, 6, Buffer.from('[newer]'));
    expect(cache.get(1, 6)?.text.toString()).toBe('[newer]');
    expect(cache.size).toBe('[newer]'.length);
  });

  test('holds at most its size in bytes, the least recently used going first; a text over a quarter of it is not kept', () => {
    const cache = new TagsJsonCache(100);
    const text = (c: string) => Buffer.from(c.repeat(20));
    for (const id of [1, 2, 3, 4, 5]) cache.set(id, 1, text(String(id)));
    expect(cache.size).toBe(100);
    // 1 was used last, so 2 goes first.
    expect(cache.get(1, 1)?.text).toEqual(text('1'));
    cache.set(6, 1, text('6'));
    expect(cache.has(2)).toBe(false);
    expect([1, 3, 4, 5, 6].every((id) => cache.has(id))).toBe(true);
    expect(cache.size).toBe(100);
    cache.set(7, 1, Buffer.from('x'.repeat(26)));
    expect(cache.has(7)).toBe(false);
    expect(cache.size).toBe(100);
  });
});
