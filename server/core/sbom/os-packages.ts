/**
 * Operating-system package databases: Debian's dpkg status file (and distroless images'
 * status.d/ directory, one status-format file per package) and Alpine's apk installed database.
 */
import { purlOf, type FoundPackage } from './package-types.js';

/** Paragraphs of `Field: value` lines separated by blank lines (deb822); continuation lines are folded in. */
function paragraphs(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size) out.push(current);
      current = new Map();
      last = '';
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      current.set(last, `${current.get(last)}\n${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      current.set(last, line.slice(colon + 1).trim());
    }
  }
  if (current.size) out.push(current);
  return out;
}

/**
 * Packages of a dpkg status file: those whose Status says installed (half-installed, config-files
 * and not-installed entries have no files in the image). `distro` is os-release's ID (debian, ubuntu).
 */
export function parseDpkgStatus(text: string, location: string, distro: string): FoundPackage[] {
  return paragraphs(text).flatMap((p) => {
    const name = p.get('Package');
    const version = p.get('Version');
    const status = p.get('Status');
    // status.d/ files (distroless) carry no Status field: every entry there is installed.
    if (!name || !version || (status !== undefined && !/\binstalled$/.test(status))) return [];
    const arch = p.get('Architecture') ?? '';
    return [{ type: 'deb' as const, name, version, license: '', purl: purlOf('deb', distro, name, version, { arch }), location }];
  });
}

/** Alpine's lib/apk/db/installed: blocks of one-letter keys (P name, V version, A arch, L license). */
export function parseApkInstalled(text: string, location: string, distro: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) if (line[1] === ':' && !fields.has(line[0]!)) fields.set(line[0]!, line.slice(2).trim());
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    out.push({
      type: 'apk',
      name,
      version,
      license: fields.get('L') ?? '',
      purl: purlOf('apk', distro, name, version, { arch: fields.get('A') ?? '' }),
      location,
    });
  }
  return out;
}

/** os-release's ID (etc/os-release or usr/lib/os-release), lower-case; '' when absent. */
export function osReleaseId(text: string): string {
  const match = /^ID=("?)([^"\n]*)\1$/m.exec(text);
  return match ? match[2]!.toLowerCase() : '';
}
