/** Language packages: npm's package.json under node_modules, Python's dist-info METADATA and egg-info PKG-INFO. */
import { purlOf, type FoundPackage } from './package-types.js';

/** package.json's license: a string, an old {type} object, or an old `licenses` array. */
function npmLicense(body: Record<string, unknown>): string {
  const one = (value: unknown): string =>
    typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : '';
  if (body.license !== undefined) return one(body.license);
  if (Array.isArray(body.licenses)) return body.licenses.map(one).filter(Boolean).join(' OR ');
  return '';
}

/** A package.json read from node_modules; null when it is not valid JSON or has no name and version. */
export function parsePackageJson(text: string, location: string): FoundPackage | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { name, version } = body as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) return null;
  const scoped = name.startsWith('@') && name.includes('/');
  const [namespace, bare] = scoped ? [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)] : [null, name];
  return { type: 'npm', name, version, license: npmLicense(body as Record<string, unknown>), purl: purlOf('npm', namespace, bare, version), location };
}

/** PEP 503's normalised project name, as pypi purls use it. */
const normalisePythonName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * Core metadata (METADATA or PKG-INFO): RFC 822 headers up to the first blank line. The license
 * is License-Expression, else License when it is one line, else the first license classifier.
 */
export function parsePythonMetadata(text: string, location: string): FoundPackage | null {
  const headers = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith(' ') || line.startsWith('\t')) continue;
    const key = line.slice(0, colon).toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return null;
  const declared = headers.get('license-expression')?.[0] ?? headers.get('license')?.[0];
  const classifier = headers.get('classifier')?.find((c) => c.startsWith('License ::'));
  const license = declared && declared !== 'UNKNOWN' ? declared : (classifier?.split('::').pop()?.trim() ?? '');
  return { type: 'pypi', name, version, license, purl: purlOf('pypi', null, normalisePythonName(name), version), location };
}
