/**
 * The SBOM document: CycloneDX 1.5 JSON (cyclonedx.org/docs/1.5/json). The image is the
 * metadata's component (a container, identified by its digest as an oci purl); each package found
 * is a library (language modules) or an application component (OS packages, as other scanners
 * mark them), with its purl as bom-ref and the file it was read from as a property.
 */
import { randomUUID } from 'node:crypto';
import type { FoundPackage } from './package-types.js';

export const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json';

export interface SbomSubject {
  /** Full repository name, such as library/app. */
  repository: string;
  digest: string;
  /** A tag of the artifact, when it has one. */
  tag?: string;
}

const OS_TYPES = new Set(['deb', 'apk']);

/** A license as CycloneDX takes it: an SPDX expression when it looks like one, else a name. */
function licenses(license: string): object[] | undefined {
  if (!license) return undefined;
  const looksSpdx = /^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/.test(license) && !/\s(and|or)\s/.test(license);
  return [looksSpdx ? { expression: license } : { license: { name: license } }];
}

export function cycloneDx(subject: SbomSubject, packages: FoundPackage[], tool: { version: string }, at: string): object {
  const name = subject.repository.split('/').pop()!;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: at,
      tools: { components: [{ type: 'application', name: 'berth', version: tool.version }] },
      component: {
        type: 'container',
        'bom-ref': subject.digest,
        name: subject.repository,
        ...(subject.tag ? { version: subject.tag } : {}),
        purl: `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(subject.digest)}?repository_url=${encodeURIComponent(subject.repository)}`,
      },
    },
    components: packages.map((p) => ({
      type: OS_TYPES.has(p.type) ? 'application' : 'library',
      'bom-ref': p.purl,
      name: p.name,
      version: p.version,
      ...(licenses(p.license) ? { licenses: licenses(p.license) } : {}),
      purl: p.purl,
      properties: [
        { name: 'berth:package:type', value: p.type },
        { name: 'berth:location', value: p.location },
      ],
    })),
  };
}
