/**
 * The copy engine against real registries: two Berth processes (token auth) and a CNCF
 * Distribution (Debian's docker-registry), with images pushed by the test. Digests at the
 * destination are read back and hashed; faults (abort, a corrupted blob) leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { systemTokenMinter } from '../auth/system-token.js';
import { dataLayout } from '../config/paths.js';
import { openLocalRegistry } from '../core/registries/registry-client.js';
import { signingKeyFromPem } from '../lib/jwt.js';
import { ApiClient, openServerDatabase } from '../testing/api-client.js';
import { startDistribution, type Distribution } from '../testing/distribution.js';
import { blobOf, buildArtifact, buildImage, buildIndex, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, type Image } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { copyArtifact, deleteRemoteArtifact, type CopyRequest } from './copy-artifact.js';
import { openRemote, RemoteError, type RemoteRegistry } from './types.js';

const image = buildImage({ seed: 'copy-image', layers: 3 });
const amd = buildImage({ seed: 'copy-amd', architecture: 'amd64' });
const arm = buildImage({ seed: 'copy-arm', architecture: 'arm64' });
const index = buildIndex([amd, arm]);
/** An image whose one layer is 4 MiB of random bytes: nothing compresses it and no other image shares it. */
function randomImage(seed: string): Image {
  const layer = blobOf(OCI_LAYER, randomBytes(4 * 1024 * 1024));
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, seed });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(layer)] });
  return { config, layers: [layer], manifest };
}
const big = { berth: randomImage('to-berth'), cut: randomImage('cut'), dist: randomImage('to-distribution') };
const signature = buildArtifact({ artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json', payload: blobOf('application/vnd.dev.cosign.simplesigning.v1+json', { critical: 'signed' }), subject: image.manifest });
const cosignSig = buildImage({ seed: 'copy-cosign-sig' });
const rotting = buildImage({ seed: 'copy-rot', layers: 2 });

const blobsOf = (i: Image) => [i.config, ...i.layers];

describe('copyArtifact', () => {
  let berthA: ServerProcess;
  let berthB: ServerProcess;
  let distribution: Distribution;
  let a: RemoteRegistry;
  let b: RemoteRegistry;
  let d: RemoteRegistry;
  const logs: string[] = [];

  const copy = (over: Partial<CopyRequest> & Pick<CopyRequest, 'source' | 'destination'>) =>
    copyArtifact({
      sourceRepository: 'src/app',
      reference: 'v1',
      destinationRepository: 'mirror/app',
      override: true,
      withAccessories: false,
      signal: new AbortController().signal,
      log: (m) => logs.push(m),
      ...over,
    });

  beforeAll(async () => {
    const prepared = inject('preparedDataVolume');
    // Each assigned as it starts, so afterAll stops whatever started when another failed.
    await Promise.all([
      startServer({ preparedDataVolume: prepared }).then((s) => (berthA = s)),
      startServer({ preparedDataVolume: prepared }).then((s) => (berthB = s)),
      startDistribution().then((s) => (distribution = s)),
    ]);
    for (const [server, project] of [[berthA, 'src'], [berthB, 'mirror']] as const) {
      expect((await ApiClient.basic(server, 'admin', 'Harbor12345').post('/projects', { project_name: project })).status).toBe(201);
    }
    const pushA = new RegistryClient(berthA.url, ADMIN);
    await pushA.pushImage('src/app', 'v1', blobsOf(image), image.manifest);
    await pushA.pushIndex('src/multi', 'v1', [amd, arm], index);
    for (const [name, i] of Object.entries(big)) await pushA.pushImage(`src/big-${name}`, 'v1', blobsOf(i), i.manifest);
    await pushA.pushImage('src/rot', 'v1', blobsOf(rotting), rotting.manifest);
    await pushA.pushImage('src/app', signature.manifest.digest, signature.blobs, signature.manifest);
    await pushA.pushImage('src/app', `${image.manifest.digest.replace(':', '-')}.sig`, blobsOf(cosignSig), cosignSig.manifest);
    const admin = { type: 'basic' as const, accessKey: ADMIN.user, accessSecret: ADMIN.password };
    a = openRemote({ type: 'harbor', url: berthA.url, insecure: false, credential: admin });
    b = openRemote({ type: 'harbor', url: berthB.url, insecure: false, credential: admin });
    d = openRemote({ type: 'docker-registry', url: distribution.url, insecure: false });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([berthA?.stop(), berthB?.stop(), distribution?.stop()]);
    await Promise.all([berthA?.cleanup(), berthB?.cleanup()]);
  });

  test('an image from Berth to Distribution: same digest there, and a second copy sends no blob', async () => {
    const first = await copy({ source: a, destination: d });
    expect(first).toMatchObject({ digest: image.manifest.digest, blobsCopied: 4, blobsSkipped: 0, skipped: false });
    const there = await d.getManifest('mirror/app', 'v1');
    expect(there.digest).toBe(image.manifest.digest);
    for (const blob of blobsOf(image)) expect(await d.headBlob('mirror/app', blob.digest)).toBe(blob.size);

    expect(await copy({ source: a, destination: d })).toMatchObject({ skipped: true, blobsCopied: 0 });
    const again = await copy({ source: a, destination: d, destinationTag: 'v1-again' });
    expect(again).toMatchObject({ skipped: false, blobsCopied: 0, blobsSkipped: 4 });
    expect(await d.listTags('mirror/app')).toEqual(['v1', 'v1-again']);

    // Another repository of the same destination: its blobs are mounted from the first, not sent.
    expect(await copy({ source: a, destination: d, destinationRepository: 'mirror/app-copy' })).toMatchObject({ blobsCopied: 0, blobsSkipped: 4 });
    expect(await d.listRepositories()).toContain('mirror/app');
    // Harbor's API lists a Berth's repositories, through every project; an OCI registry has no list.
    expect(await a.listRepositories()).toEqual(expect.arrayContaining(['src/app', 'src/multi', 'src/big-cut']));
    const oci = openRemote({ type: 'oci', url: distribution.url, insecure: false });
    await expect(oci.listRepositories()).rejects.toMatchObject({ kind: 'unsupported' });
    expect(await oci.listTags('mirror/app')).toEqual(['v1', 'v1-again']);
  });

  test('an index with two platforms from Berth to Distribution and on into a second Berth (token auth)', async () => {
    await copy({ source: a, sourceRepository: 'src/multi', destination: d, destinationRepository: 'mirror/multi' });
    const viaD = await d.getManifest('mirror/multi', 'v1');
    expect(viaD.digest).toBe(index.digest);
    for (const child of [amd, arm]) expect((await d.getManifest('mirror/multi', child.manifest.digest)).digest).toBe(child.manifest.digest);

    const result = await copy({ source: d, sourceRepository: 'mirror/multi', destination: b, destinationRepository: 'mirror/multi' });
    expect(result).toMatchObject({ digest: index.digest, blobsCopied: 4 });
    expect((await b.getManifest('mirror/multi', 'v1')).digest).toBe(index.digest);
    expect((await b.getManifest('mirror/multi', arm.manifest.digest)).digest).toBe(arm.manifest.digest);
  });

  test('Berth to Berth with accessories: the referrer and the cosign tag follow', async () => {
    const result = await copy({ source: a, destination: b, destinationRepository: 'mirror/signed', withAccessories: true });
    expect(result.digest).toBe(image.manifest.digest);
    const referrers = await b.listReferrers('mirror/signed', image.manifest.digest);
    expect(referrers?.map((r) => r.digest)).toEqual([signature.manifest.digest]);
    const sigTag = `${image.manifest.digest.replace(':', '-')}.sig`;
    expect((await b.headManifest('mirror/signed', sigTag))?.digest).toBe(cosignSig.manifest.digest);

    // Distribution 2.8 has no referrers API: the referrers tag index is kept for it.
    await copy({ source: a, destination: d, destinationRepository: 'mirror/signed', withAccessories: true });
    const tagIndex = JSON.parse((await d.getManifest('mirror/signed', image.manifest.digest.replace(':', '-'))).bytes.toString()) as { manifests: { digest: string }[] };
    expect(tagIndex.manifests.map((m) => m.digest)).toEqual([signature.manifest.digest]);
    expect((await d.headManifest('mirror/signed', sigTag))?.digest).toBe(cosignSig.manifest.digest);
  });

  test('override off leaves a destination tag on another digest alone', async () => {
    await copy({ source: a, sourceRepository: 'src/multi', destination: d, destinationRepository: 'mirror/kept' });
    const result = await copy({ source: a, destination: d, destinationRepository: 'mirror/kept', override: false });
    expect(result.skipped).toBe(true);
    expect((await d.headManifest('mirror/kept', 'v1'))?.digest).toBe(index.digest);
    expect(logs.some((l) => l.includes('override is off'))).toBe(true);
  });

  test('this Berth over loopback with an internally minted token: pull into it, then delete there', async () => {
    const key = signingKeyFromPem(await readFile(dataLayout(berthB.dataVolume).tokenKey, 'utf8'));
    const local = openLocalRegistry({ loopback: { url: berthB.url, mintToken: systemTokenMinter(key) } });
    const result = await copy({ source: d, sourceRepository: 'mirror/app', destination: local, destinationRepository: 'mirror/pulled' });
    expect(result.digest).toBe(image.manifest.digest);
    expect((await b.getManifest('mirror/pulled', 'v1')).digest).toBe(image.manifest.digest);
    expect(await local.listRepositories()).toContain('mirror/pulled');
    await deleteRemoteArtifact(local, 'mirror/pulled', 'v1', new AbortController().signal);
    expect(await b.headManifest('mirror/pulled', image.manifest.digest)).toBeNull();
  });

  test('an abort mid-copy into a Berth leaves neither a manifest nor an open upload there', async () => {
    const controller = new AbortController();
    const copying = copy({
      source: a,
      sourceRepository: 'src/big-berth',
      destination: b,
      destinationRepository: 'mirror/aborted',
      speedLimitKBps: 1024,
      chunkSize: 1024 * 1024,
      signal: controller.signal,
      onBytes: () => controller.abort(new Error('stopped by the test')),
    });
    await expect(copying).rejects.toMatchObject({ kind: 'aborted', transient: false });
    expect(await b.headManifest('mirror/aborted', 'v1')).toBeNull();
    const db = openServerDatabase(berthB);
    try {
      expect(db.prepare('select count(*) as n from uploads').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  test('a source connection cut mid-blob fails as transient, and the retried copy completes', async () => {
    const proxy = await faultyProxy(berthA.url, 'cut');
    try {
      const source = openRemote({ type: 'harbor', url: proxy.url, insecure: false, credential: { type: 'basic', accessKey: ADMIN.user, accessSecret: ADMIN.password } });
      const request = { source, sourceRepository: 'src/big-cut', destination: d, destinationRepository: 'mirror/retried', chunkSize: 1024 * 1024 };
      await expect(copy(request)).rejects.toMatchObject({ kind: 'unreachable', transient: true });
      expect(await d.headManifest('mirror/retried', 'v1')).toBeNull();
      proxy.heal();
      expect((await copy(request)).digest).toBe(big.cut.manifest.digest);
      expect((await d.getManifest('mirror/retried', 'v1')).digest).toBe(big.cut.manifest.digest);
      expect(await d.headBlob('mirror/retried', big.cut.layers[0]!.digest)).toBe(big.cut.layers[0]!.size);
    } finally {
      proxy.close();
    }
  });

  test('an abort mid-copy stops the transfer and leaves no manifest at the destination', async () => {
    const controller = new AbortController();
    const copying = copy({
      source: a,
      sourceRepository: 'src/big-dist',
      destination: d,
      destinationRepository: 'mirror/aborted',
      speedLimitKBps: 1024,
      chunkSize: 1024 * 1024,
      signal: controller.signal,
      onBytes: () => controller.abort(new Error('stopped by the test')),
    });
    await expect(copying).rejects.toMatchObject({ kind: 'aborted' });
    expect(await d.headManifest('mirror/aborted', 'v1')).toBeNull();
    expect(await d.headBlob('mirror/aborted', big.dist.layers[0]!.digest)).toBeNull();
  });

  test('a corrupted source blob fails with digest-mismatch, permanently, and nothing is pushed', async () => {
    const proxy = await faultyProxy(berthA.url, 'flip');
    try {
      const source = openRemote({ type: 'harbor', url: proxy.url, insecure: false, credential: { type: 'basic', accessKey: ADMIN.user, accessSecret: ADMIN.password } });
      const failed = await copy({ source, sourceRepository: 'src/rot', destination: d, destinationRepository: 'mirror/corrupt' }).catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(RemoteError);
      expect(failed).toMatchObject({ kind: 'digest-mismatch', transient: false });
      expect(await d.headManifest('mirror/corrupt', 'v1')).toBeNull();
      expect(await d.headBlob('mirror/corrupt', rotting.config.digest)).toBeNull();
    } finally {
      proxy.close();
    }
  });
});

/**
 * Forwards to `target`, spoiling blob bodies: 'flip' inverts their first byte (bit rot between
 * registries), 'cut' drops the connection after 1.5 MiB of a body (until heal()).
 */
async function faultyProxy(target: string, fault: 'flip' | 'cut'): Promise<{ url: string; heal(): void; close(): void }> {
  let healed = false;
  const server = http.createServer((req, res) => {
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const spoil = !healed && req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '');
      let seen = 0;
      answer.on('data', (chunk: Buffer) => {
        if (spoil && fault === 'flip' && seen === 0 && chunk.length > 0) chunk[0] = chunk[0]! ^ 0xff;
        seen += chunk.length;
        if (spoil && fault === 'cut' && seen > 1.5 * 1024 * 1024) {
          answer.destroy();
          res.destroy();
          return;
        }
        res.write(chunk);
      });
      answer.on('end', () => res.end());
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heal: () => {
      healed = true;
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
