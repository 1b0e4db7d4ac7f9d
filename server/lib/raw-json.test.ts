import { describe, expect, test } from 'vitest';
import { bodyWithRaw, RawJson, stringifyWithRaw } from './raw-json.js';

describe('stringifyWithRaw', () => {
  test('writes each RawJson as its text, where it stands, and everything else as JSON.stringify does', () => {
    const value = { a: 1, tags: new RawJson('[{"name":"v1"}]'), text: 'say "hi"\u0001', nested: [new RawJson('[]'), { b: new RawJson('{"c":null}') }] };
    const text = stringifyWithRaw(value);
    expect(text).toBe('{"a":1,"tags":[{"name":"v1"}],"text":"say \\"hi\\"\\u0001","nested":[[],{"b":{"c":null}}]}');
    expect(stringifyWithRaw({ plain: 'x' })).toBe(JSON.stringify({ plain: 'x' }));
  });

  test('text that looks like a marker stays text; outside stringifyWithRaw a RawJson serializes as its parsed value', () => {
    const lookalike = '\u0001raw-json:0000000000000000:0';
    expect(JSON.parse(stringifyWithRaw({ lookalike, raw: new RawJson('[1]') }))).toEqual({ lookalike, raw: [1] });
    expect(JSON.stringify({ raw: new RawJson('[1, 2]') })).toBe('{"raw":[1,2]}');
  });

  test('as parts of bytes: the same JSON, with RawJson texts held as strings or as UTF-8 bytes; the ETag follows the bytes', () => {
    const bytes = (value: unknown) => Buffer.concat(bodyWithRaw(value).parts).toString();
    const value = { a: 'é', tags: new RawJson(Buffer.from('[{"name":"ü"}]')), other: new RawJson('[1]'), end: [new RawJson(Buffer.from('{}'))] };
    expect(bytes(value)).toBe('{"a":"é","tags":[{"name":"ü"}],"other":[1],"end":[{}]}');
    expect(stringifyWithRaw(value)).toBe(bytes(value));
    expect(bodyWithRaw(value).length).toBe(Buffer.byteLength(bytes(value)));
    expect(bytes({ plain: 'x' })).toBe(JSON.stringify({ plain: 'x' }));
    expect(JSON.stringify({ raw: new RawJson(Buffer.from('[1, 2]')) })).toBe('{"raw":[1,2]}');
    // A text with a digest counts in the ETag by its digest; any other change of bytes changes it.
    const etag = (tags: RawJson, name = 'a') => bodyWithRaw({ name, tags }).etag;
    expect(etag(new RawJson('[1]'))).toBe(etag(new RawJson(Buffer.from('[1]'))));
    expect(etag(new RawJson('[1]'))).not.toBe(etag(new RawJson('[2]')));
    expect(etag(new RawJson('[1]', 'd1'))).not.toBe(etag(new RawJson('[1]', 'd2')));
    expect(etag(new RawJson('[1]', 'd1'))).not.toBe(etag(new RawJson('[1]', 'd1'), 'b'));
  });
});
