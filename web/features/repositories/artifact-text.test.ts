import { describe, expect, test } from 'vitest';
import { parseRepositorySplat, paths } from '../../config/paths';
import type { Artifact } from '../../lib/api-types';
import { buildSteps, distinctArtifactType, isDigest, platformsOf, pullCommand, shortDigest, supplyChainOf } from './artifact-text';

const DIGEST = 'sha256:32fe8a1f0a6bb0761eee150cff9dcc05639fa06b21095ffca597f8163499ace3';
const artifact = (over: Partial<Artifact>) => ({ references: [], extra_attrs: {}, media_type: '', ...over }) as Artifact;

describe('artifact text', () => {
  test('digests shorten as Harbor shows them, and pull commands use @ for digests and : for tags', () => {
    expect(shortDigest(DIGEST)).toBe('sha256:32fe8a1f');
    expect(isDigest(DIGEST)).toBe(true);
    expect(isDigest('v1.0')).toBe(false);
    expect(pullCommand('reg:8080', 'p/team/app', DIGEST)).toBe(`docker pull reg:8080/p/team/app@${DIGEST}`);
    expect(pullCommand('reg:8080', 'p/team/app', 'v1.0')).toBe('docker pull reg:8080/p/team/app:v1.0');
  });

  test('an index names its children\'s platforms; an image its own', () => {
    const index = artifact({
      references: [
        { parent_id: 1, child_id: 2, child_digest: 'sha256:a', annotations: {}, platform: { os: 'linux', architecture: 'amd64' } },
        { parent_id: 1, child_id: 3, child_digest: 'sha256:b', annotations: {}, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      ],
    });
    expect(platformsOf(index)).toEqual(['linux/amd64', 'linux/arm/v7']);
    expect(platformsOf(artifact({ extra_attrs: { os: 'linux', architecture: 'arm64' } }))).toEqual(['linux/arm64']);
    expect(platformsOf(artifact({}))).toEqual([]);
  });

  test('artifactType is shown only when it says more than the config media type', () => {
    const config = 'application/vnd.oci.image.config.v1+json';
    expect(distinctArtifactType(artifact({ media_type: config, artifact_type: config }))).toBeUndefined();
    expect(distinctArtifactType(artifact({ media_type: 'application/vnd.oci.empty.v1+json', artifact_type: 'application/vnd.x' }))).toBe('application/vnd.x');
  });

  test('repository and artifact URLs keep the name\'s slashes and come back apart', () => {
    const url = paths.artifact(3, 'team/app', DIGEST);
    expect(url).toBe(`/projects/3/repositories/team/app/-/artifacts/${encodeURIComponent(DIGEST)}`);
    expect(parseRepositorySplat(url.slice('/projects/3/repositories/'.length))).toEqual({ repository: 'team/app', reference: DIGEST });
    expect(parseRepositorySplat('team/app/')).toEqual({ repository: 'team/app' });
  });
});

describe('supply chain and build history', () => {
  const accessory = (type: string, artifact_type: string | null = null) => ({ type, artifact_type }) as NonNullable<Artifact['accessories']>[number];

  test('a cosign or notation signature marks an artifact signed; Harbor\'s, SPDX and CycloneDX referrers mark an SBOM', () => {
    expect(supplyChainOf({ accessories: [] })).toEqual({ signed: false, sbom: false });
    expect(supplyChainOf({ accessories: [accessory('signature.cosign')] })).toEqual({ signed: true, sbom: false });
    expect(supplyChainOf({ accessories: [accessory('subject.accessory', 'application/spdx+json')] })).toEqual({ signed: false, sbom: true });
    expect(supplyChainOf({ accessories: [accessory('signature.notation'), accessory('harbor.sbom')] })).toEqual({ signed: true, sbom: true });
    expect(supplyChainOf({ accessories: [accessory('subject.accessory', 'application/vnd.example.thing')] })).toEqual({ signed: false, sbom: false });
  });

  test('every history entry is a step; empty layers get none and the others take the layers in order', () => {
    const layers = [
      { digest: 'sha256:a', size: 10 },
      { digest: 'sha256:b', size: 20 },
    ];
    const steps = buildSteps(
      [{ created_by: 'ADD rootfs' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'RUN make' }, { created_by: 'CMD ["x"]', empty_layer: true }],
      layers,
    );
    expect(steps).toEqual([
      { step: 'ADD rootfs', layer: { digest: 'sha256:a', size: 10 } },
      { step: 'ENV A=1', layer: null },
      { step: 'RUN make', layer: { digest: 'sha256:b', size: 20 } },
      { step: 'CMD ["x"]', layer: null },
    ]);
    expect(buildSteps([], layers)).toEqual([
      { step: null, layer: { digest: 'sha256:a', size: 10 } },
      { step: null, layer: { digest: 'sha256:b', size: 20 } },
    ]);
  });
});
