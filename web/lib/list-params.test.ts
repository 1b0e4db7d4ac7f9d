import { describe, expect, test } from 'vitest';
import { harborQuery } from './list-params';

describe('harborQuery', () => {
  test('leaves out empty conditions and quotes values', () => {
    expect(harborQuery({ username: { contains: '' }, operation: { equals: '' }, op_time: {} })).toBeUndefined();
    expect(harborQuery({ username: { contains: ' adm ' }, operation: { equals: 'create' } })).toBe('username=~"adm",operation="create"');
  });

  test('keeps commas, brackets and tildes inside a value', () => {
    expect(harborQuery({ resource: { contains: 'a,b~[c]' } })).toBe('resource=~"a,b~[c]"');
    expect(harborQuery({ resource: { contains: 'say "hi"' } })).toBe(`resource=~'say "hi"'`);
  });

  test('writes ranges with either end open', () => {
    expect(harborQuery({ op_time: { from: '2024-01-01T00:00:00.000Z' } })).toBe('op_time=["2024-01-01T00:00:00.000Z"~]');
    expect(harborQuery({ op_time: { from: 'a', to: 'b' } })).toBe('op_time=["a"~"b"]');
  });
});
