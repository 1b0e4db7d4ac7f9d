/**
 * Go binaries' embedded build information (what `go version -m` prints), found by streaming the
 * file: Go 1.18 and later write a 32-byte header starting `\xff Go buildinf:` followed, inline,
 * by the Go version and the module information as length-prefixed strings (src/debug/buildinfo).
 * The scanner keeps only a few bytes between chunks until it meets the header, then at most
 * MAX_CAPTURE bytes after it: memory stays bounded whatever the binary's size. Binaries of older
 * Go versions (the header points at the strings instead) are not read.
 */
import { purlOf, type FoundPackage } from './package-types.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_BYTES = 32;
const FLAG_INLINE_STRINGS = 0x2;
/** Module information past this many bytes is not read (a binary with thousands of modules). */
const MAX_CAPTURE = 1024 * 1024;
/** The module information is wrapped in 16-byte sentinels. */
const SENTINEL_BYTES = 16;

export interface GoModule {
  path: string;
  version: string;
}

export interface GoBuildInfo {
  goVersion: string;
  /** The main package's import path. */
  path: string;
  /** The main module, when the binary was built in module mode. */
  main: GoModule | null;
  deps: GoModule[];
}

/** An unsigned varint at `offset`: [value, next offset], or null when the buffer ends first. */
function uvarint(buf: Buffer, offset: number): [number, number] | null {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < buf.length && shift < 35; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, i + 1];
    shift += 7;
  }
  return null;
}

/** Two length-prefixed strings after the header; null while more bytes are needed. */
function inlineStrings(buf: Buffer): [string, string] | null {
  const versionLength = uvarint(buf, HEADER_BYTES);
  if (!versionLength) return null;
  const [vlen, vstart] = versionLength;
  const modLength = uvarint(buf, vstart + vlen);
  if (!modLength) return null;
  const [mlen, mstart] = modLength;
  if (buf.length < mstart + mlen) return null;
  return [buf.toString('utf8', vstart, vstart + vlen), buf.toString('utf8', mstart, mstart + mlen)];
}

/** The module information's lines: path, mod, dep, and => (a replacement of the dep before it). */
export function parseModuleInfo(goVersion: string, raw: string): GoBuildInfo {
  const text = raw.length >= 2 * SENTINEL_BYTES + 1 && raw[raw.length - SENTINEL_BYTES - 1] === '\n' ? raw.slice(SENTINEL_BYTES, -SENTINEL_BYTES) : raw;
  const info: GoBuildInfo = { goVersion, path: '', main: null, deps: [] };
  for (const line of text.split('\n')) {
    const [key, path = '', version = ''] = line.split('\t');
    if (key === 'path') info.path = path;
    else if (key === 'mod') info.main = { path, version };
    else if (key === 'dep') info.deps.push({ path, version });
    else if (key === '=>' && info.deps.length) info.deps[info.deps.length - 1] = { path, version };
  }
  return info;
}

/** Feed an executable's bytes in order; `result` is the build information once it has been read. */
export class GoBuildInfoScanner {
  private carry = Buffer.alloc(0);
  private capture: Buffer[] | null = null;
  private captured = 0;
  private done = false;
  result: GoBuildInfo | null = null;

  /** Whether more bytes can change the result. */
  get finished(): boolean {
    return this.done;
  }

  push(chunk: Buffer): void {
    if (this.done) return;
    if (this.capture) return this.append(chunk);
    const window = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const at = window.indexOf(MAGIC);
    if (at === -1) {
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - MAGIC.length + 1)));
      return;
    }
    this.carry = Buffer.alloc(0);
    this.capture = [];
    this.captured = 0;
    this.append(window.subarray(at));
  }

  private append(chunk: Buffer): void {
    const room = MAX_CAPTURE - this.captured;
    this.capture!.push(Buffer.from(chunk.subarray(0, room)));
    this.captured += Math.min(chunk.length, room);
    const buf = Buffer.concat(this.capture!);
    this.capture = [buf];
    if (buf.length < HEADER_BYTES) return;
    const pointerSize = buf[MAGIC.length]!;
    const flags = buf[MAGIC.length + 1]!;
    if ((pointerSize !== 4 && pointerSize !== 8) || !(flags & FLAG_INLINE_STRINGS)) {
      // Not a Go 1.18+ header (or the magic string as data): look on after it.
      this.capture = null;
      return this.push(buf.subarray(MAGIC.length));
    }
    const strings = inlineStrings(buf);
    if (strings) {
      this.result = parseModuleInfo(strings[0], strings[1]);
      this.done = true;
    } else if (this.captured >= MAX_CAPTURE) {
      this.done = true;
    }
  }
}

const goVersionNumber = (goVersion: string) => goVersion.replace(/^go/, '').split(/\s/)[0]!;

/** The binary's packages: the Go standard library (as `stdlib`), the main module and every dependency. */
export function goPackages(info: GoBuildInfo, location: string): FoundPackage[] {
  const mod = (m: GoModule): FoundPackage => ({
    type: 'golang',
    name: m.path,
    version: m.version,
    license: '',
    purl: purlOf('golang', null, m.path, m.version === '(devel)' ? '' : m.version),
    location,
  });
  const stdlib = goVersionNumber(info.goVersion);
  return [
    { type: 'golang', name: 'stdlib', version: stdlib, license: 'BSD-3-Clause', purl: purlOf('golang', null, 'stdlib', stdlib), location },
    mod(info.main ?? { path: info.path, version: '(devel)' }),
    ...info.deps.map(mod),
  ];
}
