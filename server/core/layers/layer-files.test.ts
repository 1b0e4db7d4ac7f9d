import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LayerUnreadableError, walkLayer, walkLayerBlob, type LayerEntry } from './layer-files.js';
import { FsBlobStore } from '../../storage/fs-blob-store.js';

const work = mkdtempSync(join(tmpdir(), 'berth-layer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A layer made by GNU tar, as a build step's layer is: files, a symlink, whiteouts, a large file. */
const made = new Map<boolean, string>();
function makeLayer(gzip: boolean): string {
  const known = made.get(gzip);
  if (known) return known;
  const root = join(work, `root-${gzip}`);
  mkdirSync(join(root, 'etc/app'), { recursive: true });
  mkdirSync(join(root, 'var/cache'), { recursive: true });
  writeFileSync(join(root, 'etc/app/config.yml'), 'port: 8080\n');
  writeFileSync(join(root, 'etc/.wh.motd'), '');
  writeFileSync(join(root, 'var/cache/.wh..wh..opq'), '');
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
  writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(root, 'run.sh'), 0o4755);
  symlinkSync('etc/app/config.yml', join(root, 'config'));
  const out = join(work, `layer-${gzip}.tar${gzip ? '.gz' : ''}`);
  execFileSync('tar', [gzip ? '-czf' : '-cf', out, '-C', root, '.']);
  made.set(gzip, out);
  return out;
}

async function entriesOf(file: string, read?: string): Promise<{ entries: LayerEntry[]; body: string }> {
  const entries: LayerEntry[] = [];
  let body = '';
  await walkLayer(createReadStream(file), async (entry, stream) => {
    entries.push(entry);
    if (entry.path === read) for await (const chunk of stream) body += String(chunk);
  });
  return { entries, body };
}

describe('walkLayer', () => {
  for (const gzip of [true, false]) {
    it(`lists every entry of a ${gzip ? 'gzipped' : 'plain'} layer with types, sizes, modes and whiteouts`, async () => {
      const { entries, body } = await entriesOf(makeLayer(gzip), 'etc/app/config.yml');
      const byPath = new Map(entries.filter((e) => !e.whiteout).map((e) => [e.path, e]));
      expect(byPath.get('etc/app/config.yml')).toMatchObject({ type: 'file', size: 11 });
      expect(byPath.get('big.bin')).toMatchObject({ type: 'file', size: 3 * 1024 * 1024 });
      expect(byPath.get('run.sh')).toMatchObject({ type: 'file', mode: 0o4755 });
      expect(byPath.get('config')).toMatchObject({ type: 'symlink', linkTarget: 'etc/app/config.yml' });
      expect(byPath.get('etc/app')).toMatchObject({ type: 'directory' });
      expect(entries.filter((e) => e.whiteout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'etc/motd', whiteout: 'file' }), expect.objectContaining({ path: 'var/cache', whiteout: 'opaque' })]),
      );
      expect(body).toBe('port: 8080\n');
    });
  }

  it('hands entries over one at a time, in archive order, even when the visitor is slow', async () => {
    const order: string[] = [];
    let busy = false;
    await walkLayer(createReadStream(makeLayer(true)), async (entry) => {
      expect(busy).toBe(false);
      busy = true;
      await new Promise((resolve) => setTimeout(resolve, 2));
      order.push(entry.path);
      busy = false;
    });
    const listed = execFileSync('tar', ['-tzf', join(work, 'layer-true.tar.gz')], { encoding: 'utf8' }).trim().split('\n');
    expect(order.length).toBe(listed.length);
  });

  it('rejects a damaged archive instead of skipping entries', async () => {
    const good = readFileSync(makeLayer(false));
    const damaged = Buffer.from(good);
    damaged.fill(0x41, 512 + 100, 512 + 160); // the second header's mode, owner and size fields
    await expect(walkLayer(Readable.from([damaged]), () => undefined)).rejects.toThrow();
  });
});

describe('walkLayerBlob', () => {
  it('names a missing blob and a compression it cannot read', async () => {
    const store = new FsBlobStore(join(work, 'store'));
    const digest = `sha256:${'0'.repeat(64)}`;
    const missing = walkLayerBlob(store, digest, 'application/vnd.oci.image.layer.v1.tar+gzip', () => undefined);
    await expect(missing).rejects.toMatchObject({ reason: 'missing' });
    const zstd = walkLayerBlob(store, digest, 'application/vnd.oci.image.layer.v1.tar+zstd', () => undefined);
    await expect(zstd).rejects.toBeInstanceOf(LayerUnreadableError);
    await expect(zstd).rejects.toMatchObject({ reason: 'unsupported' });
  });
});
