import { describe, expect, test } from 'vitest';
import { parseQuery, parseQueryTime, parseSort } from './query-language.js';

describe('parseQuery (Harbor q)', () => {
  test('no q means no condition', () => {
    expect(parseQuery(undefined)).toEqual([]);
    expect(parseQuery('')).toEqual([]);
  });

  test.each([
    ['name=foo', [{ key: 'name', kind: 'exact', value: 'foo' }]],
    ['name=~foo', [{ key: 'name', kind: 'fuzzy', value: 'foo' }]],
    ['id=[1~10]', [{ key: 'id', kind: 'range', min: '1', max: '10' }]],
    ['id=[~10]', [{ key: 'id', kind: 'range', max: '10' }]],
    ['id=[5~]', [{ key: 'id', kind: 'range', min: '5' }]],
    ['name={a b  c}', [{ key: 'name', kind: 'or', values: ['a', 'b', 'c'] }]],
    ['tags=(x y)', [{ key: 'tags', kind: 'and', values: ['x', 'y'] }]],
    ['name=\\~literal', [{ key: 'name', kind: 'exact', value: '~literal' }]],
    ['name="a,b"', [{ key: 'name', kind: 'exact', value: 'a,b' }]],
    ["name={'x y' z}", [{ key: 'name', kind: 'or', values: ['x y', 'z'] }]],
    ['name=~"has space"', [{ key: 'name', kind: 'fuzzy', value: 'has space' }]],
  ])('%s', (q, expected) => {
    expect(parseQuery(q)).toEqual(expected);
  });

  test('conditions separate at commas outside quotes and brackets; ranges of times keep their spaces', () => {
    expect(parseQuery('operation=create,op_time=[2024-01-01 00:00:00~2024-02-01 00:00:00],username=~adm')).toEqual([
      { key: 'operation', kind: 'exact', value: 'create' },
      { key: 'op_time', kind: 'range', min: '2024-01-01 00:00:00', max: '2024-02-01 00:00:00' },
      { key: 'username', kind: 'fuzzy', value: 'adm' },
    ]);
  });

  test('a q encoded twice is decoded once more, as Harbor does', () => {
    expect(parseQuery('name%3D~foo')).toEqual([{ key: 'name', kind: 'fuzzy', value: 'foo' }]);
  });

  test.each([
    ['name', 'must contain "="'],
    ['=foo', 'must contain "="'],
    ['name=', 'must contain "="'],
    ['name=~', 'at least one character'],
    ['id=[1~2', 'must end with "]"'],
    ['id=[1~2~3]', 'exactly one "~"'],
    ['id=[~]', 'at least one end'],
    ['name={}', 'is empty'],
    ['name=(a b', 'must end with ")"'],
  ])('%s is refused, naming q', (q, message) => {
    expect(() => parseQuery(q)).toThrow(expect.objectContaining({ kind: 'INVALID', field: 'q', message: expect.stringContaining(message) }));
  });
});

describe('parseSort', () => {
  test('keys in order, "-" for descending', () => {
    expect(parseSort('name,-creation_time')).toEqual([
      { key: 'name', desc: false },
      { key: 'creation_time', desc: true },
    ]);
    expect(parseSort(undefined)).toEqual([]);
  });

  test('an empty key is refused, naming sort', () => {
    expect(() => parseSort('name,,-')).toThrow(expect.objectContaining({ kind: 'INVALID', field: 'sort' }));
  });
});

describe('parseQueryTime', () => {
  test.each([
    ['2024-01-09 02:36:00', '2024-01-09T02:36:00.000Z'],
    ['2024-01-09T02:36:00', '2024-01-09T02:36:00.000Z'],
    ['2024-01-09T02:36:00Z', '2024-01-09T02:36:00.000Z'],
    ['2024-01-09T04:36:00+02:00', '2024-01-09T02:36:00.000Z'],
    ['2024-01-09', '2024-01-09T00:00:00.000Z'],
    ['2024-01-09 02:36', '2024-01-09T02:36:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseQueryTime(text)).toBe(iso);
  });

  test.each(['yesterday', '2024-13-45', '12:00', ''])('%s is not a time', (text) => {
    expect(parseQueryTime(text)).toBeNull();
  });
});
