/**
 * An image's package inventory, read from its layers in order as the container would see its
 * files: a file in a later layer replaces the one below, and whiteouts (`.wh.<name>`, and the
 * opaque marker of a directory) delete what the layers below put there. Only the files package
 * databases live in are read, each while its layer streams past (layers/layer-files.ts); Go
 * executables are scanned chunk by chunk for their build information. Memory holds the package
 * databases' text and the packages found, never a layer.
 */
import type { ReadEntry } from 'tar';
import type { BlobStore } from '../../storage/blob-store.js';
import { walkLayerBlob, type LayerEntry } from '../layers/layer-files.js';
import { GoBuildInfoScanner, goPackages } from './go-buildinfo.js';
import { parsePackageJson, parsePythonMetadata } from './language-packages.js';
import { osReleaseId, parseApkInstalled, parseDpkgStatus } from './os-packages.js';
import type { FoundPackage } from './package-types.js';

type Kind = 'dpkg' | 'apk' | 'os-release' | 'npm' | 'python' | 'go';

/** A package database's text is read whole up to this size; a bigger one is skipped. */
const MAX_DATABASE_BYTES = 64 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Smaller executables are not Go programs (the smallest Go binary is over a megabyte). */
const MIN_GO_BINARY_BYTES = 512 * 1024;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const NPM_MANIFEST = /(^|\/)node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/;
const PYTHON_METADATA = /\.dist-info\/METADATA$|\.egg-info\/PKG-INFO$|\.egg-info$/;
const DPKG_STATUS_D = /^var\/lib\/dpkg\/status\.d\/[^/]+$/;

function kindOf(entry: LayerEntry): Kind | null {
  if (entry.type !== 'file') return null;
  const { path } = entry;
  if (path === 'var/lib/dpkg/status' || (DPKG_STATUS_D.test(path) && !path.endsWith('.md5sums'))) return 'dpkg';
  if (path === 'lib/apk/db/installed') return 'apk';
  if (path === 'etc/os-release' || path === 'usr/lib/os-release') return 'os-release';
  if (NPM_MANIFEST.test(path)) return 'npm';
  if (PYTHON_METADATA.test(path)) return 'python';
  if (entry.mode & 0o111 && entry.size >= MIN_GO_BINARY_BYTES) return 'go';
  return null;
}

/** What one path of the image holds, and which layer put it there. */
type Found = { layer: number; kind: 'dpkg' | 'apk' | 'os-release'; text: string } | { layer: number; kind: 'packages'; packages: FoundPackage[] };

async function readText(body: ReadEntry, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function scanGoBinary(body: ReadEntry): Promise<GoBuildInfoScanner | null> {
  const scanner = new GoBuildInfoScanner();
  let first = true;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    // Not an ELF file: drain it without looking (the parser needs its bytes consumed).
    if (first && !chunk.subarray(0, 4).equals(ELF_MAGIC)) return null;
    first = false;
    scanner.push(chunk);
    if (scanner.finished) break;
  }
  return scanner;
}

async function read(kind: Kind, entry: LayerEntry, body: ReadEntry, layer: number): Promise<Found | null> {
  if (kind === 'dpkg' || kind === 'apk' || kind === 'os-release') {
    const text = await readText(body, MAX_DATABASE_BYTES);
    return text === null ? null : { layer, kind, text };
  }
  if (kind === 'go') {
    const info = (await scanGoBinary(body))?.result;
    return info ? { layer, kind: 'packages', packages: goPackages(info, entry.path) } : null;
  }
  const text = await readText(body, MAX_MANIFEST_BYTES);
  if (text === null) return null;
  const found = kind === 'npm' ? parsePackageJson(text, entry.path) : parsePythonMetadata(text, entry.path);
  return found ? { layer, kind: 'packages', packages: [found] } : null;
}

export interface LayerRef {
  digest: string;
  mediaType: string;
  size: number;
}

/** The image's packages, one per purl, sorted by type then name. */
export async function inventoryOf(store: BlobStore, layers: LayerRef[], signal?: AbortSignal): Promise<FoundPackage[]> {
  const files = new Map<string, Found>();
  const removeBelow = (layer: number, matches: (path: string) => boolean) => {
    for (const [path, found] of files) if (found.layer < layer && matches(path)) files.delete(path);
  };
  for (const [index, layer] of layers.entries()) {
    await walkLayerBlob(store, layer.digest, layer.mediaType, async (entry, body) => {
      signal?.throwIfAborted();
      if (entry.whiteout === 'opaque') return removeBelow(index, (p) => p.startsWith(`${entry.path}/`));
      if (entry.whiteout === 'file') return removeBelow(index, (p) => p === entry.path || p.startsWith(`${entry.path}/`));
      files.delete(entry.path);
      const kind = kindOf(entry);
      if (!kind) return;
      const found = await read(kind, entry, body, index);
      if (found) files.set(entry.path, found);
    });
  }
  return packagesOf(files);
}

function packagesOf(files: Map<string, Found>): FoundPackage[] {
  const texts = (kind: string) => [...files.entries()].filter(([, f]) => f.kind === kind) as [string, Found & { text: string }][];
  const release = texts('os-release').sort(([a]) => (a === 'etc/os-release' ? -1 : 1))[0];
  const distro = release ? osReleaseId(release[1].text) : '';
  const all: FoundPackage[] = [
    ...texts('dpkg').flatMap(([path, f]) => parseDpkgStatus(f.text, path, distro || 'debian')),
    ...texts('apk').flatMap(([path, f]) => parseApkInstalled(f.text, path, distro || 'alpine')),
    ...[...files.values()].flatMap((f) => (f.kind === 'packages' ? f.packages : [])),
  ];
  const byPurl = new Map<string, FoundPackage>();
  for (const p of all) if (!byPurl.has(p.purl)) byPurl.set(p.purl, p);
  return [...byPurl.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}
