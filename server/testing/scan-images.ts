/** Images for scanning tests: one layer holding a dpkg status file, which the test adapter reads. */
import { gzipSync } from 'node:zlib';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, tar, type Image } from './oci-images.js';

const dpkgStatus = (packages: [string, string][]) => packages.map(([name, version]) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\n`).join('\n');

/** An image whose one layer holds var/lib/dpkg/status listing `packages` (name, version). */
export function imageWithPackages(seed: string, packages: [string, string][]): Image {
  const layer = blobOf(OCI_LAYER, gzipSync(tar({ 'var/lib/dpkg/status': dpkgStatus(packages), [`etc/${seed}`]: seed })));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Labels: { seed } }, rootfs: { type: 'layers', diff_ids: [layer.digest] } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layers: [layer], manifest };
}
