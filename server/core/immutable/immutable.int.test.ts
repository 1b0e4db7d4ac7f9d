/**
 * Immutable tag rules on a real server: the rules API (Harbor's `immutable` tag), and skopeo,
 * the API's deletes and a copy all refused on a protected tag (DENIED on /v2, 412 on /api) while
 * unprotected tags move freely, a disabled rule protecting nothing, and tags showing immutable.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser, errorOf, fieldAndMessage } from '../../testing/api-client.js';
import { buildImage } from '../../testing/oci-images.js';
import { skopeo, skopeoDigest, skopeoPush } from '../../testing/replication.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';

const first = buildImage({ seed: 'immutable-first' });
const second = buildImage({ seed: 'immutable-second' });
const creds = 'admin:Harbor12345';
const selectors = (tagPattern: string, repoPattern = '**') => ({
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tagPattern }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repoPattern }] },
});

describe('immutable tags', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let ruleId: number;
  const host = () => new URL(server.url).host;
  const artifacts = '/projects/vault/repositories/app/artifacts';

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    expect((await admin.post('/projects', { project_name: 'vault' })).status).toBe(201);
    await createUser(admin, 'gina');
    expect((await admin.post('/projects/vault/members', { role_id: 3, member_user: { username: 'gina' } })).status).toBe(201);
    await skopeoPush(server.url, first, 'vault/app', 'v1', creds);
    await skopeoPush(server.url, first, 'vault/app', 'latest', creds);
    await skopeoPush(server.url, second, 'vault/side', 'v1', creds);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('rules: created, listed in Harbor\'s shape, validated by field, guarded by the project\'s permissions', async () => {
    const bad = await admin.post('/projects/vault/immutabletagrules', { ...selectors('v*'), tag_selectors: [{ kind: 'doublestar', decoration: 'keeps', pattern: 'v*' }] });
    expect(bad.status).toBe(400);
    expect(fieldAndMessage(bad)).toBe('tag_selectors[0].decoration: tag_selectors[0].decoration must be matches or excludes.');
    const guest = ApiClient.basic(server, 'gina', 'Passw0rdX');
    expect((await guest.post('/projects/vault/immutabletagrules', selectors('v*'))).status).toBe(403);
    const created = await admin.post('/projects/vault/immutabletagrules', selectors('v*', 'app'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ruleId = Number(created.headers.get('location')!.split('/').at(-1));
    const list = await admin.get<unknown[]>('/projects/vault/immutabletagrules');
    expect(list.headers.get('x-total-count')).toBe('1');
    expect(list.body).toEqual([{ id: ruleId, priority: 0, disabled: false, action: 'immutable', template: 'immutable_template', params: {}, ...selectors('v*', 'app') }]);
    const tags = await admin.get<{ name: string; immutable: boolean }[]>(`${artifacts}/v1/tags?sort=name`);
    expect(tags.body.map((t) => [t.name, t.immutable])).toEqual([['latest', false], ['v1', true]]);
    // Inline in the artifact list too (each tag asked), and in a repository the rule does not select.
    const inline = await admin.get<{ tags: { name: string; immutable: boolean }[] }[]>(artifacts);
    expect(inline.body[0]!.tags.map((t) => [t.name, t.immutable]).sort()).toEqual([['latest', false], ['v1', true]]);
    const side = await admin.get<{ tags: { name: string; immutable: boolean }[] }[]>('/projects/vault/repositories/side/artifacts');
    expect(side.body[0]!.tags.map((t) => [t.name, t.immutable])).toEqual([['v1', false]]);
  });

  test('skopeo cannot move or delete a protected tag; an unprotected tag moves, and the same digest may be pushed again', async () => {
    const moved = await skopeoPush(server.url, second, 'vault/app', 'v1', creds).then(() => null, (err: Error) => err.message);
    expect(moved).toMatch(/denied.*The tag v1 of vault\/app is immutable/is);
    expect(await skopeoDigest(server.url, 'vault/app', 'v1', creds)).toBe(first.manifest.digest);
    const deleted = await skopeo('delete', '--tls-verify=false', '--creds', creds, `docker://${host()}/vault/app:v1`);
    expect(deleted.code).not.toBe(0);
    expect(deleted.stderr).toMatch(/denied/i);
    expect(await skopeoDigest(server.url, 'vault/app', 'v1', creds)).toBe(first.manifest.digest);
    await skopeoPush(server.url, first, 'vault/app', 'v1', creds);
    await skopeoPush(server.url, second, 'vault/app', 'latest', creds);
    expect(await skopeoDigest(server.url, 'vault/app', 'latest', creds)).toBe(second.manifest.digest);
    // The rule names repository app only: v1 of side is free.
    await skopeoPush(server.url, first, 'vault/side', 'v1', creds);
  });

  test('the API refuses with 412: deleting the tag, its artifact or its repository, or copying another artifact onto it', async () => {
    const tag = await admin.delete(`${artifacts}/v1/tags/v1`);
    expect(tag.status).toBe(412);
    expect(errorOf(tag)).toEqual({ code: 'PRECONDITION', message: 'The tag v1 of vault/app is immutable: an immutable tag rule of its project protects it, so it cannot be deleted.' });
    expect((await admin.delete(`${artifacts}/${first.manifest.digest}`)).status).toBe(412);
    // Harbor's 412 for a repository holding a protected tag.
    expect((await admin.delete('/projects/vault/repositories/app')).status).toBe(412);
    // side's v1 (not protected there) names the other image: copying it with its tags would move app's v1.
    await skopeoPush(server.url, second, 'vault/side', 'v1', creds);
    const retag = await admin.post(`${artifacts}?from=vault/side:v1`);
    expect(retag.status).toBe(412);
    expect(errorOf(retag)!.message).toBe('The tag v1 of vault/app is immutable: an immutable tag rule of its project protects it, so it cannot be moved.');
    expect(await skopeoDigest(server.url, 'vault/app', 'v1', creds)).toBe(first.manifest.digest);
  });

  test('a disabled rule protects nothing; deleting it is audited', async () => {
    expect((await admin.put(`/projects/vault/immutabletagrules/${ruleId}`, { disabled: true })).status).toBe(200);
    expect((await admin.get<{ disabled: boolean }[]>('/projects/vault/immutabletagrules')).body[0]!.disabled).toBe(true);
    await skopeoPush(server.url, second, 'vault/app', 'v1', creds);
    expect(await skopeoDigest(server.url, 'vault/app', 'v1', creds)).toBe(second.manifest.digest);
    expect((await admin.delete(`/projects/vault/immutabletagrules/${ruleId}`)).status).toBe(200);
    expect((await admin.delete(`/projects/vault/immutabletagrules/${ruleId}`)).status).toBe(404);
    const logs = await admin.get<{ resource_type: string; operation: string }[]>('/projects/vault/logs?q=resource_type%3Dimmutable_tag_rule');
    expect(logs.body.map((l) => l.operation)).toEqual(['delete', 'update', 'create']);
  });
});
