/**
 * Harbor's cosign content trust against a real server, with skopeo as the client on each
 * dialect: in a project with enable_content_trust_cosign=true, pulling an unsigned artifact
 * fails with "The image is not signed by cosign." while artifacts signed by cosign's tag scheme
 * (sha256-<hex>.sig) or by an OCI 1.1 referrer, an index's children and the signatures
 * themselves pull; turning the switch off lets the unsigned one through at once. Notation
 * (enable_content_trust) likewise.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { COSIGN_SIGNATURE_TYPE, cosignTagOf, NOTATION_SIGNATURE_TYPE } from '../core/artifacts/content-trust.repository.js';
import { ApiClient } from '../testing/api-client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, buildIndex, descriptor, imageBlobs, OCI_CONFIG, OCI_MANIFEST, writeOciLayout, type Blob } from '../testing/oci-images.js';
import { ADMIN, RegistryClient } from '../testing/registry-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000 }, (err, _stdout, stderr) => resolve({ code: err ? 1 : 0, stderr }));
  });
}

const unsigned = buildImage({ seed: 'trust-unsigned' });
const tagSigned = buildImage({ seed: 'trust-tag-signed' });
const referrerSigned = buildImage({ seed: 'trust-referrer-signed' });
const [amd, arm] = [buildImage({ seed: 'trust-amd' }), buildImage({ seed: 'trust-arm', architecture: 'arm64' })];
const index = buildIndex([amd, arm]);

/** A signature as cosign's tag scheme pushes it: a simplesigning layer carrying the signature annotation. */
function tagSignature(subject: Blob) {
  const payload = blobOf('application/vnd.dev.cosign.simplesigning.v1+json', { critical: { image: { 'docker-manifest-digest': subject.digest } } });
  const config = blobOf(OCI_CONFIG, { architecture: '', os: '', rootfs: { type: 'layers', diff_ids: [] } });
  const manifest = blobOf(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(config),
    layers: [descriptor(payload, { annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ==' } })],
  });
  return { blobs: [config, payload], manifest };
}

describe.each(DIALECTS)('cosign content trust on %s', (dialect) => {
  let server: ServerProcess;
  let testDb: TestDatabase;
  let work: string;
  let host: string;
  let admin: ApiClient;

  const pull = async (reference: string, all = false, project = 'trusted') => {
    const dir = await mkdtemp(path.join(work, 'out-'));
    const args = ['copy', ...(all ? ['--all'] : []), '--src-tls-verify=false', '--src-creds', 'admin:Harbor12345'];
    return run('skopeo', [...args, `docker://${host}/${project}/${reference}`, `oci:${dir}:x`]);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: testDb.url ? { database: { url: testDb.url } } : {} });
    host = server.url.slice('http://'.length);
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-trust-'));
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    const created = await admin.post('/projects', { project_name: 'trusted', metadata: { enable_content_trust_cosign: 'true' } });
    expect(created.status).toBe(201);

    // Pushing is never refused by the policy: skopeo pushes every image, signed or not.
    const blobs = [...imageBlobs(unsigned), ...imageBlobs(tagSigned), ...imageBlobs(referrerSigned), ...imageBlobs(amd), ...imageBlobs(arm), index];
    await writeOciLayout(`${work}/layout`, blobs, { unsigned: unsigned.manifest, tag: tagSigned.manifest, referrer: referrerSigned.manifest, multi: index });
    for (const [ref, all] of [['unsigned', false], ['tag', false], ['referrer', false], ['multi', true]] as const) {
      const args = ['copy', ...(all ? ['--all'] : []), '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345'];
      const pushed = await run('skopeo', [...args, `oci:${work}/layout:${ref}`, `docker://${host}/trusted/app:${ref}`]);
      expect(pushed.stderr).toBe('');
    }
    const registry = new RegistryClient(server.url, ADMIN);
    for (const subject of [tagSigned.manifest, index]) {
      const signature = tagSignature(subject);
      await registry.pushImage('trusted/app', cosignTagOf(subject.digest), signature.blobs, signature.manifest);
    }
    const referrer = buildArtifact({ artifactType: COSIGN_SIGNATURE_TYPE, payload: blobOf('application/vnd.dev.cosign.simplesigning.v1+json', '{}'), subject: referrerSigned.manifest });
    await registry.pushImage('trusted/app', referrer.manifest.digest, referrer.blobs, referrer.manifest);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await testDb.drop();
    await rm(work, { recursive: true, force: true });
  });

  test('skopeo cannot pull the unsigned image, by tag or digest; the message is Harbor\'s', async () => {
    const byTag = await pull('app:unsigned');
    expect(byTag.code).not.toBe(0);
    expect(byTag.stderr).toContain('The image is not signed by cosign.');
    const byDigest = await pull(`app@${unsigned.manifest.digest}`);
    expect(byDigest.code).not.toBe(0);
    expect(byDigest.stderr).toContain('The image is not signed by cosign.');
    const raw = await new RegistryClient(server.url, ADMIN).fetch(`/v2/trusted/app/manifests/unsigned`, ['repository:trusted/app:pull'], { method: 'GET' });
    expect(raw.status).toBe(412);
    expect(await raw.json()).toMatchObject({ errors: [{ code: 'DENIED', message: 'The image is not signed by cosign.' }] });
  });

  test('skopeo pulls images signed by tag or by referrer, a signed index with its children, and a signature itself', async () => {
    for (const [reference, all] of [['app:tag', false], ['app:referrer', false], ['app:multi', true], [`app:${cosignTagOf(tagSigned.manifest.digest)}`, false]] as const) {
      const result = await pull(reference, all);
      expect({ reference, stderr: result.stderr, code: result.code }).toEqual({ reference, stderr: '', code: 0 });
    }
  });

  test('turning enable_content_trust_cosign off lets the unsigned image through at once', async () => {
    expect((await admin.put('/projects/trusted/metadatas/enable_content_trust_cosign', { enable_content_trust_cosign: 'false' })).status).toBe(200);
    expect((await pull('app:unsigned')).code).toBe(0);
    expect((await admin.put('/projects/trusted', { metadata: { enable_content_trust_cosign: 'true' } })).status).toBe(200);
    expect((await pull('app:unsigned')).stderr).toContain('The image is not signed by cosign.');
  });

  test('enable_content_trust wants a notation signature: a cosign one does not do', async () => {
    expect((await admin.post('/projects', { project_name: 'notary', metadata: { enable_content_trust: 'true' } })).status).toBe(201);
    const registry = new RegistryClient(server.url, ADMIN);
    await registry.pushImage('notary/app', 'unsigned', imageBlobs(unsigned).slice(0, -1), unsigned.manifest);
    await registry.pushImage('notary/app', 'signed', imageBlobs(tagSigned).slice(0, -1), tagSigned.manifest);
    const cosigned = tagSignature(unsigned.manifest);
    await registry.pushImage('notary/app', cosignTagOf(unsigned.manifest.digest), cosigned.blobs, cosigned.manifest);
    const notation = buildArtifact({ artifactType: NOTATION_SIGNATURE_TYPE, payload: blobOf('application/jose+json', '{}'), subject: tagSigned.manifest });
    await registry.pushImage('notary/app', notation.manifest.digest, notation.blobs, notation.manifest);
    expect((await pull('app:unsigned', false, 'notary')).stderr).toContain('The image is not signed by notation.');
    expect(await pull('app:signed', false, 'notary')).toEqual({ code: 0, stderr: '' });
  });
});
