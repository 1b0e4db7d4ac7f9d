import { describe, expect, it } from 'vitest';
import { diffViews, viewOf } from './file-view.js';
import type { LayerFile } from './layer-listing.js';

const f = (path: string, extra: Partial<LayerFile> = {}): LayerFile => ({ path, type: 'file', size: 1, mode: 0o644, sha256: 'a', ...extra });
const dir = (path: string): LayerFile => ({ path, type: 'directory', size: 0, mode: 0o755 });

describe('viewOf: layers applied in order', () => {
  it('a whiteout deletes a file or a whole directory; an opaque marker hides only the lower layers', () => {
    const lower = [dir('etc'), f('etc/a'), dir('etc/conf.d'), f('etc/conf.d/x'), dir('var'), f('var/old'), f('keep')];
    const upper = [f('etc/.keep-me'), { ...f('etc'), whiteout: 'opaque' as const }, f('etc/new'), { ...f('etc/conf.d'), whiteout: 'file' as const }, { ...f('var/old'), whiteout: 'file' as const }];
    expect([...viewOf([lower, upper]).keys()].sort()).toEqual(['etc', 'etc/.keep-me', 'etc/new', 'keep', 'var']);
  });

  it('a file over a directory hides what was below it', () => {
    expect([...viewOf([[dir('opt'), f('opt/tool')], [f('opt')]]).keys()]).toEqual(['opt']);
  });
});

describe('diffViews', () => {
  const from = viewOf([[f('a'), f('b', { sha256: 'b1' }), f('c', { mode: 0o644 }), f('d')]]);
  const to = viewOf([[f('a'), f('b', { sha256: 'b2' }), f('c', { mode: 0o755 }), f('e'), f('sub/z')]]);

  it('names added, removed and changed files with what changed, content included at the same size', () => {
    const diff = diffViews(from, to, '', 10);
    expect(diff.added.map((x) => x.path)).toEqual(['e', 'sub/z']);
    expect(diff.removed.map((x) => x.path)).toEqual(['d']);
    expect(diff.changed.map((x) => [x.path, x.changes])).toEqual([['b', ['content']], ['c', ['mode']]]);
    expect(diff.truncated).toBe(false);
  });

  it('cuts each list at the limit, keeping the totals, and narrows to a path', () => {
    expect(diffViews(from, to, '', 1)).toMatchObject({ totals: { added: 2, removed: 1, changed: 2 }, truncated: true });
    expect(diffViews(from, to, 'sub', 10).added.map((x) => x.path)).toEqual(['sub/z']);
  });
});
