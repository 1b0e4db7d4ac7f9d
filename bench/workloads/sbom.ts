/**
 * SBOM generation speed per layer: the package inventory (server/core/sbom/image-inventory.ts)
 * read from layers in a filesystem blob store, in this process. Three layers like a real image's:
 * an OS layer (this machine's dpkg status file, its Python packages' metadata and the skopeo Go
 * binary), an application layer (npm packages copied from node_modules), and a filler layer of
 * incompressible files no cataloguer reads. MB/s is of the layer as stored (gzipped) and of its
 * tar (unpacked) bytes, the median of a few runs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { create as createTar } from 'tar';
import { sha256Digest } from '../../server/lib/digest.js';
import { FsBlobStore } from '../../server/storage/fs-blob-store.js';
import { inventoryOf } from '../../server/core/sbom/image-inventory.js';
import type { Row } from '../lib/report.js';

const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface SbomLayerFigures {
  layer: string;
  storedMiB: number;
  tarMiB: number;
  packages: number;
  seconds: number;
}

async function stage(root: string, quick: boolean): Promise<Record<string, string>> {
  const osDir = path.join(root, 'os');
  await mkdir(path.join(osDir, 'var/lib/dpkg'), { recursive: true });
  await cp('/var/lib/dpkg/status', path.join(osDir, 'var/lib/dpkg/status'));
  await mkdir(path.join(osDir, 'usr/bin'), { recursive: true });
  await cp('/usr/bin/skopeo', path.join(osDir, 'usr/bin/skopeo'));
  const site = '/usr/lib/python3/dist-packages';
  for (const entry of await readdir(site)) {
    if (entry.endsWith('.dist-info') || entry.endsWith('.egg-info')) await cp(path.join(site, entry), path.join(osDir, site.slice(1), entry), { recursive: true });
  }
  const appDir = path.join(root, 'app');
  for (const name of ['semver', 'tar', 'minipass', 'zod', 'kysely', 'express']) {
    await cp(path.resolve('node_modules', name), path.join(appDir, 'app/node_modules', name), { recursive: true, dereference: true }).catch(() => undefined);
  }
  const fillDir = path.join(root, 'filler');
  await mkdir(path.join(fillDir, 'data'), { recursive: true });
  for (let i = 0; i < (quick ? 8 : 64); i++) await writeFile(path.join(fillDir, 'data', `part-${i}.bin`), randomBytes(1024 * 1024));
  return { 'OS (dpkg, Python, Go binary)': osDir, 'application (npm)': appDir, 'filler (no packages)': fillDir };
}

async function putLayer(store: FsBlobStore, dir: string): Promise<{ digest: string; stored: number; tar: number }> {
  const file = `${dir}.tgz`;
  await createTar({ gzip: true, cwd: dir, file, portable: true }, await readdir(dir));
  const bytes = await readFile(file);
  const digest = sha256Digest(bytes);
  const id = randomUUID();
  await store.createUpload(id);
  await store.append(id, 0, Readable.from([bytes]));
  await store.commit(id, bytes.length, digest);
  return { digest, stored: (await stat(file)).size, tar: gunzipSync(bytes).length };
}

export async function measureSbom(quick: boolean): Promise<SbomLayerFigures[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'berth-bench-sbom-'));
  try {
    const store = new FsBlobStore(path.join(root, 'store'));
    const figures: SbomLayerFigures[] = [];
    for (const [layer, dir] of Object.entries(await stage(root, quick))) {
      const put = await putLayer(store, dir);
      const times: number[] = [];
      let packages = 0;
      for (let run = 0; run < (quick ? 1 : 5); run++) {
        const started = process.hrtime.bigint();
        packages = (await inventoryOf(store, [{ digest: put.digest, mediaType: LAYER_TYPE, size: put.stored }])).length;
        times.push(Number(process.hrtime.bigint() - started) / 1e9);
      }
      times.sort((a, b) => a - b);
      figures.push({ layer, storedMiB: put.stored / 2 ** 20, tarMiB: put.tar / 2 ** 20, packages, seconds: times[Math.floor(times.length / 2)]! });
    }
    return figures;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function sbomRows(figures: SbomLayerFigures[]): Row[] {
  const round = (n: number) => Math.round(n * 10) / 10;
  return figures.flatMap((f) => [
    { workload: `i. SBOM, ${f.layer} layer, ${round(f.storedMiB)} MiB stored: MB/s stored`, berth: round(f.storedMiB / f.seconds), reference: '' },
    { workload: `i. SBOM, ${f.layer} layer, ${round(f.tarMiB)} MiB unpacked, ${f.packages} packages: MB/s unpacked`, berth: round(f.tarMiB / f.seconds), reference: '' },
  ]);
}
