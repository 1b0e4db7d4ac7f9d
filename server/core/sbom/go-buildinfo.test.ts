import { describe, expect, test } from 'vitest';
import { GoBuildInfoScanner, goPackages } from './go-buildinfo.js';

/** A Go 1.18+ build-info blob: header, then the version and module information as varint-prefixed strings. */
function blob(version: string, modinfo: string): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 'latin1');
  header[14] = 8;
  header[15] = 2;
  const sentinel = Buffer.alloc(16, 0x30);
  const mod = Buffer.concat([sentinel, Buffer.from(modinfo), sentinel]);
  const withLength = (b: Buffer) => Buffer.concat([Buffer.from([b.length & 0x7f | (b.length > 127 ? 0x80 : 0), ...(b.length > 127 ? [b.length >> 7] : [])]), b]);
  return Buffer.concat([header, withLength(Buffer.from(version)), withLength(mod)]);
}

describe('Go build information', () => {
  const info = 'path\texample.com/cmd/tool\nmod\texample.com\tv1.4.0\th1:x=\ndep\tgolang.org/x/sys\tv0.1.0\th1:y=\ndep\tgithub.com/a/b\tv1.0.0\th1:z=\n=>\tgithub.com/fork/b\tv1.0.1\th1:w=\nbuild\tGOOS=linux\n';
  const file = Buffer.concat([Buffer.alloc(5000, 1), Buffer.from('\xff Go buildinf:', 'latin1'), Buffer.alloc(40, 0), blob('go1.22.3', info), Buffer.alloc(3000, 2)]);

  test('found across chunk boundaries, whatever the chunk size; a magic string that is not a header is skipped', () => {
    for (const size of [1, 7, 64, 4096, file.length]) {
      const scanner = new GoBuildInfoScanner();
      for (let i = 0; i < file.length && !scanner.finished; i += size) scanner.push(file.subarray(i, i + size));
      expect(scanner.result).toEqual({
        goVersion: 'go1.22.3',
        path: 'example.com/cmd/tool',
        main: { path: 'example.com', version: 'v1.4.0' },
        deps: [
          { path: 'golang.org/x/sys', version: 'v0.1.0' },
          { path: 'github.com/fork/b', version: 'v1.0.1' },
        ],
      });
    }
  });

  test('packages: the standard library, the main module and the dependencies, with Go purls', () => {
    const scanner = new GoBuildInfoScanner();
    scanner.push(file);
    expect(goPackages(scanner.result!, 'usr/bin/tool').map((p) => p.purl)).toEqual([
      'pkg:golang/stdlib@1.22.3',
      'pkg:golang/example.com@v1.4.0',
      'pkg:golang/golang.org/x/sys@v0.1.0',
      'pkg:golang/github.com/fork/b@v1.0.1',
    ]);
  });
});
