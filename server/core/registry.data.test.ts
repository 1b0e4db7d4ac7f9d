/**
 * The registry's data and rules on each dialect: pushes with their audit rows and events,
 * indexes and their children, deletes, tag and catalog listings, batched pull recording,
 * upload leases and purging. Real database, real blob store, no HTTP.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../db/connect.js';
import { migrateUp } from '../db/migrate.js';
import { FsBlobStore } from '../storage/fs-blob-store.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { blobOf, buildArtifact, buildImage, buildIndex, OCI_MANIFEST, type Blob, type Image } from '../testing/oci-images.js';
import { deleteManifest } from './artifacts/manifest-delete.service.js';
import { recordPull, resolveManifest } from './artifacts/manifest-pull.service.js';
import { pushManifest } from './artifacts/manifest-push.service.js';
import { EventBus, type BerthEvent } from './events/bus.js';
import { insertMember } from './members/member.repository.js';
import { ROLE } from './members/roles.js';
import { createProject } from './projects/project.service.js';
import { pullableRepositories, registryGrants } from './rbac/registry-grants.js';
import { RegistryRuntime } from './registry/runtime.js';
import { AuditLog } from './audit/audit-log.js';
import { listCatalog, listTags } from './repositories/listing.service.js';
import { ANONYMOUS, type Subject } from './security/subject.js';
import { bootstrap } from './system/bootstrap.js';
import { purgeUploads } from './uploads/upload-purge.js';
import { appendChunk, startUpload, uploadWhole } from './uploads/upload.service.js';
import { findUserByUsername } from './users/user.repository.js';
import { createLocalUser } from './users/user.service.js';

const logger = pino({ level: 'silent' });
const actor = { name: 'admin', clientIp: '127.0.0.1' };

describe.each(DIALECTS)('registry data on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let dir: string;
  let deps: { db: DbHandle['db']; audit: AuditLog; blobs: FsBlobStore; registry: RegistryRuntime; events: EventBus };
  const events: BerthEvent[] = [];
  const user = async (name: string): Promise<Subject> => ({ kind: 'user', user: (await findUserByUsername(handle.db, name))!, via: 'basic' });

  const pushBlobs = async (repository: string, blobs: Blob[]) => {
    for (const blob of blobs) await uploadWhole(deps, repository, blob.digest, { body: Readable.from([blob.bytes]) });
  };
  const pushImage = async (repository: string, tag: string, image: Image) => {
    await pushBlobs(repository, [image.config, ...image.layers]);
    return pushManifest(deps, actor, repository, tag, OCI_MANIFEST, image.manifest.bytes);
  };
  const count = async (table: 'audit_logs' | 'repositories', where?: { operation: string }) => {
    let query = handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (where) query = query.where('operation' as never, '=', where.operation as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await bootstrap(handle.db, 'Harbor12345');
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-registry-data-'));
    const audit = new AuditLog();
    deps = { db: handle.db, audit, blobs: new FsBlobStore(dir), registry: new RegistryRuntime(handle.db, audit, logger), events: new EventBus(logger) };
    deps.events.on('artifact.pushed', (e) => void events.push(e));
    deps.events.on('artifact.deleted', (e) => void events.push(e));
    const admin = await findUserByUsername(handle.db, 'admin');
    const secret = await createProject(handle.db, { name: 'secret', ownerId: admin!.id });
    const bob = await createLocalUser(handle.db, { username: 'bob', password: 'Passw0rdB' });
    await createLocalUser(handle.db, { username: 'carol', password: 'Passw0rdC' });
    await insertMember(handle.db, { projectId: secret.id, userId: bob.id, role: ROLE.guest });
  });

  afterAll(async () => {
    await deps.registry.close();
    await handle.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a push stores the manifest byte for byte with Harbor metadata, its tag, its audit row and an event', async () => {
    const image = buildImage({ seed: 'data-push', layers: 2, architecture: 'arm64' });
    const pushed = await pushImage('library/app', 'v1', image);
    expect(pushed.digest).toBe(image.manifest.digest);
    const row = await handle.db.selectFrom('artifacts').selectAll().where('digest', '=', image.manifest.digest).executeTakeFirstOrThrow();
    expect(Buffer.from(row.manifest).equals(image.manifest.bytes)).toBe(true);
    expect(row).toMatchObject({ type: 'IMAGE', manifest_media_type: OCI_MANIFEST, media_type: 'application/vnd.oci.image.config.v1+json' });
    expect(row.size).toBe(image.manifest.size + image.config.size + image.layers[0]!.size + image.layers[1]!.size);
    expect(JSON.parse(row.extra_attrs)).toMatchObject({ architecture: 'arm64', os: 'linux', author: 'berth tests' });
    expect(JSON.parse(row.annotations)).toEqual({ 'org.opencontainers.image.title': 'data-push' });
    const audit = await handle.db.selectFrom('audit_logs').selectAll().where('resource', '=', 'library/app:v1').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ operation: 'create', resource_type: 'artifact', username: 'admin', operation_result: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'artifact.pushed', repository: 'library/app', tag: 'v1', digest: pushed.digest });
  });

  test('a manifest naming a missing layer is refused and leaves no repository, artifact or audit row behind', async () => {
    const image = buildImage({ seed: 'data-missing' });
    await pushBlobs('library/missing', [image.config]);
    const before = await count('audit_logs');
    await expect(pushManifest(deps, actor, 'library/missing', 'v1', OCI_MANIFEST, image.manifest.bytes)).rejects.toMatchObject({
      field: 'manifest-blob',
      detail: { digests: [image.layers[0]!.digest] },
    });
    expect(await count('audit_logs')).toBe(before);
    expect((await resolveManifest(deps, 'library/missing', image.manifest.digest).catch((e: unknown) => e)) as object).toMatchObject({ kind: 'NOT_FOUND' });
  });

  test('an index records its children with their platforms; a child it lists cannot be deleted before the index; untagged children go with it', async () => {
    const amd = buildImage({ seed: 'data-amd', architecture: 'amd64' });
    const arm = buildImage({ seed: 'data-arm', architecture: 'arm64' });
    await pushImage('library/multi', amd.manifest.digest, amd);
    await pushImage('library/multi', arm.manifest.digest, arm);
    const index = buildIndex([amd, arm]);
    await pushManifest(deps, actor, 'library/multi', 'latest', index.mediaType, index.bytes);
    const refs = await handle.db.selectFrom('artifact_references').select(['child_digest', 'platform']).orderBy('id').execute();
    expect(refs.map((r) => [r.child_digest, JSON.parse(r.platform!)])).toEqual([
      [amd.manifest.digest, { architecture: 'amd64', os: 'linux' }],
      [arm.manifest.digest, { architecture: 'arm64', os: 'linux' }],
    ]);
    await expect(deleteManifest(deps, actor, 'library/multi', amd.manifest.digest)).rejects.toMatchObject({ kind: 'PRECONDITION' });
    // The arm64 child is also tagged: it stays; the untagged amd64 child goes with the index (Harbor's rule).
    await pushManifest(deps, actor, 'library/multi', 'arm', OCI_MANIFEST, arm.manifest.bytes);
    await deleteManifest(deps, actor, 'library/multi', index.digest);
    expect(events.filter((e) => e.type === 'artifact.deleted').map((e) => (e as { digest: string }).digest)).toEqual([index.digest, amd.manifest.digest]);
    expect(await count('audit_logs', { operation: 'delete' })).toBe(2);
    await expect(resolveManifest(deps, 'library/multi', amd.manifest.digest)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    expect((await resolveManifest(deps, 'library/multi', 'arm')).manifest.digest).toBe(arm.manifest.digest);
    await expect(resolveManifest(deps, 'library/multi', 'latest')).rejects.toMatchObject({ field: 'manifest' });
  });

  test('tags list in byte order and page with last/n', async () => {
    const image = buildImage({ seed: 'data-tags' });
    await pushImage('library/tags', 'latest', image);
    const names = ['b', 'B', 'a', 'A', '1.0', '_x', 'a-1'];
    for (const name of names) await pushManifest(deps, actor, 'library/tags', name, OCI_MANIFEST, image.manifest.bytes);
    const sorted = [...names, 'latest'].sort();
    expect(sorted).toEqual(['1.0', 'A', 'B', '_x', 'a', 'a-1', 'b', 'latest']);
    const first = await listTags(deps, 'library/tags', undefined, 3);
    expect(first).toEqual({ names: sorted.slice(0, 3), more: true });
    expect(await listTags(deps, 'library/tags', 'B', 100)).toEqual({ names: sorted.slice(3), more: false });
    await expect(listTags(deps, 'library/none', undefined, 10)).rejects.toMatchObject({ field: 'name' });
  });

  test('the catalog and the grants follow the permission table: public projects for all, private ones for members', async () => {
    await pushImage('secret/hidden', 'v1', buildImage({ seed: 'data-secret' }));
    const all = await listCatalog(deps, { all: true }, undefined, 100);
    expect(all.names).toContain('secret/hidden');
    const forBob = await listCatalog(deps, pullableRepositories(await user('bob')), undefined, 100);
    const forCarol = await listCatalog(deps, pullableRepositories(await user('carol')), undefined, 100);
    expect(forBob.names).toEqual(all.names);
    expect(forCarol.names).toEqual(all.names.filter((n) => n.startsWith('library/')));
    expect((await listCatalog(deps, pullableRepositories(ANONYMOUS), 'library/app', 1)).names).toEqual([forCarol.names[1]]);
    expect(await registryGrants(handle.db, await user('bob'), 'secret/hidden')).toEqual(['pull']);
    expect(await registryGrants(handle.db, await user('carol'), 'secret/hidden')).toEqual([]);
    expect(await registryGrants(handle.db, await user('admin'), 'nowhere/app')).toEqual([]);
  });

  test('pulls: one batched audit insert for concurrent pulls, then counts and times per artifact, tag and repository', async () => {
    const before = await count('audit_logs', { operation: 'pull' });
    const resolved = await resolveManifest(deps, 'library/app', 'v1');
    await Promise.all(Array.from({ length: 40 }, () => recordPull(deps, actor, 'library/app', resolved)));
    expect(await count('audit_logs', { operation: 'pull' })).toBe(before + 40);
    await deps.registry.close();
    const artifact = await handle.db.selectFrom('artifacts').select(['pull_count', 'pull_time']).where('artifact_id', '=', resolved.manifest.artifactId).executeTakeFirstOrThrow();
    const tag = await handle.db.selectFrom('tags').select(['pull_count', 'pull_time']).where('tag_id', '=', resolved.tag!.id).executeTakeFirstOrThrow();
    const repository = await handle.db.selectFrom('repositories').select('pull_count').where('name', '=', 'library/app').executeTakeFirstOrThrow();
    expect([artifact.pull_count, tag.pull_count, repository.pull_count]).toEqual([40, 40, 40]);
    expect(artifact.pull_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    deps.registry = new RegistryRuntime(handle.db, deps.audit, logger);
  });

  test('a lookup read from the database while its entry was dropped is not kept, so the drop is not undone', async () => {
    const { registry } = deps;
    const key = 'library/race@sha256:feed';
    const before = registry.beforeRead();
    // The change commits and is forgotten while the read is under way; the read then ends.
    await registry.forget({ blob: 'sha256:feed', repository: 'library/race' });
    registry.keep(registry.blobs, key, 10, before);
    expect(registry.blobs.get(key)).toBeUndefined();
    registry.keep(registry.blobs, key, 10, registry.beforeRead());
    expect(registry.blobs.get(key)).toBe(10);
  });

  test('an upload takes a lease: a second append from the same offset is refused as busy while the first runs', async () => {
    const upload = await startUpload(deps, 'library/lease');
    const slow = new Readable({ read() {} });
    const first = appendChunk(deps, 'library/lease', upload.id, { body: slow });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(appendChunk(deps, 'library/lease', upload.id, { body: Readable.from([Buffer.from('x')]) })).rejects.toMatchObject({ field: 'upload', kind: 'CONFLICT', detail: { busy: true } });
    slow.push(Buffer.from('hello'));
    slow.push(null);
    expect((await first).size).toBe(5);
    await expect(startUpload(deps, 'nowhere/app')).rejects.toMatchObject({ field: 'name', kind: 'NOT_FOUND' });
  });

  test('purging removes sessions older than the age and upload files without a session; dryrun only reports', async () => {
    const stale = await startUpload(deps, 'library/purge');
    const fresh = await startUpload(deps, 'library/purge');
    await handle.db.updateTable('uploads').set({ updated_at: '2000-01-01T00:00:00.000Z' }).where('upload_id', '=', stale.id).execute();
    const orphan = path.join(dir, 'uploads', '00000000-0000-0000-0000-00000000dead');
    await writeFile(orphan, 'partial');
    await utimes(orphan, new Date('2000-01-01'), new Date('2000-01-01'));
    const dry = await purgeUploads(deps, { age: 3_600_000, dryrun: true });
    expect(dry).toEqual({ sessions: [stale.id], orphanFiles: ['00000000-0000-0000-0000-00000000dead'] });
    expect((await deps.blobs.listUploads()).map((u) => u.id)).toContain(stale.id);
    await purgeUploads(deps, { age: 3_600_000, dryrun: false });
    const left = (await deps.blobs.listUploads()).map((u) => u.id);
    expect(left).toContain(fresh.id);
    expect(left).not.toContain(stale.id);
    expect(left).not.toContain('00000000-0000-0000-0000-00000000dead');
    expect(await handle.db.selectFrom('uploads').select('upload_id').where('upload_id', '=', stale.id).executeTakeFirst()).toBeUndefined();
  });

  test('deleting an artifact takes its referrers along, tagged or not (and theirs), as Harbor deletes accessories', async () => {
    const image = buildImage({ seed: 'data-subject' });
    await pushImage('library/signed', 'v1', image);
    const signature = buildArtifact({ artifactType: 'application/vnd.example.sig', payload: blobOf('text/plain', 'sig'), subject: image.manifest });
    const onSignature = buildArtifact({ artifactType: 'application/vnd.example.sig', payload: blobOf('text/plain', 'sig-of-sig'), subject: signature.manifest });
    const sbom = buildArtifact({ artifactType: 'application/vnd.example.sbom', payload: blobOf('text/plain', 'sbom'), subject: image.manifest });
    for (const artifact of [signature, onSignature, sbom]) await pushBlobs('library/signed', artifact.blobs);
    await pushManifest(deps, actor, 'library/signed', signature.manifest.digest, OCI_MANIFEST, signature.manifest.bytes);
    await pushManifest(deps, actor, 'library/signed', onSignature.manifest.digest, OCI_MANIFEST, onSignature.manifest.bytes);
    await pushManifest(deps, actor, 'library/signed', 'sbom', OCI_MANIFEST, sbom.manifest.bytes);
    await deleteManifest(deps, actor, 'library/signed', image.manifest.digest);
    const left = await handle.db.selectFrom('artifacts as a').innerJoin('repositories as r', 'r.repository_id', 'a.repository_id').select('a.digest').where('r.name', '=', 'library/signed').execute();
    expect(left.map((a) => a.digest)).toEqual([]);
  });

  test('an artifact with a custom artifactType and an empty config is stored as UNKNOWN with that type', async () => {
    const artifact = buildArtifact({ artifactType: 'application/vnd.example.thing', payload: blobOf('text/plain', 'signed') });
    await pushBlobs('library/art', artifact.blobs);
    await pushManifest(deps, actor, 'library/art', 'v1', OCI_MANIFEST, artifact.manifest.bytes);
    const row = await handle.db
      .selectFrom('artifacts')
      .select(['type', 'artifact_type', 'extra_attrs'])
      .where('digest', '=', artifact.manifest.digest)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ type: 'UNKNOWN', artifact_type: 'application/vnd.example.thing', extra_attrs: '{}' });
  });
});
