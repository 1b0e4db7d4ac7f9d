import { describe, expect, test } from 'vitest';
import { freesSentence } from './storage-text';

describe('freesSentence', () => {
  test('says what is freed, what stays and with how many images it is shared', () => {
    expect(freesSentence(212 * 1024 ** 2, 1.4 * 1024 ** 3, 9)).toBe('Deleting this frees 212 MiB; 1.4 GiB stays, shared with 9 other images.');
    expect(freesSentence(2048, 1024, 1)).toBe('Deleting this frees 2.0 KiB; 1.0 KiB stays, shared with 1 other image.');
    expect(freesSentence(5000, 0, 0)).toBe('Deleting this frees 4.9 KiB; none of it is shared.');
    expect(freesSentence(1, 10, 1000)).toBe('Deleting this frees 1 B; 10 B stays, shared with 1,000 or more other images.');
    expect(freesSentence(0, 3 * 1024 ** 2)).toBe('Deleting this frees 0 B; 3.0 MiB stays, shared with other images.');
  });
});
