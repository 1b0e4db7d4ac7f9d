/**
 * A package found in an image, and its package URL (purl, github.com/package-url/purl-spec): the
 * identifier CycloneDX components and the registry-wide package search share.
 */

/** The purl types Berth finds: Debian and Alpine packages, npm, Python and Go modules. */
export const PACKAGE_TYPES = ['deb', 'apk', 'npm', 'pypi', 'golang'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

export interface FoundPackage {
  type: PackageType;
  name: string;
  version: string;
  /** SPDX id or expression when the package says one; '' otherwise. */
  license: string;
  purl: string;
  /** The file it was read from, inside the image. */
  location: string;
}

/** purl's percent-encoding of one segment: everything but unreserved characters. */
const segment = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** pkg:type/namespace/name@version?qualifiers, each part encoded. */
export function purlOf(type: PackageType, namespace: string | null, name: string, version: string, qualifiers: Record<string, string> = {}): string {
  const path = [namespace, name].filter((part): part is string => Boolean(part)).map((part) => part.split('/').map(segment).join('/'));
  const query = Object.entries(qualifiers)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${segment(value)}`)
    .join('&');
  return `pkg:${type}/${path.join('/')}${version ? `@${segment(version)}` : ''}${query ? `?${query}` : ''}`;
}
