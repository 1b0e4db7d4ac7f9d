/**
 * Harbor's shapes that tools read against a real server: a project's CVE allowlist and storage
 * quota as sent, systeminfo's fields, /systeminfo/volumes and /systeminfo/getcert, and 405 for
 * a known path asked with the wrong method.
 */
import { statfs, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, createUser, errorOf } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { Project, ProjectSummary } from './contracts/projects.js';
import { GeneralInfo, SystemInfo } from './contracts/system.js';

type ProjectJson = z.output<typeof Project>;

describe('Harbor shapes', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let nia: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'nia');
    nia = ApiClient.basic(server, 'nia', 'Passw0rdX');
    anonymous = ApiClient.anonymous(server);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('a project\'s cve_allowlist has Harbor\'s fields; its items are stored on create and replaced on update', async () => {
    const allowlist = { items: [{ cve_id: 'CVE-2019-10164' }, { cve_id: 'CVE-2021-44228' }], expires_at: 1_900_000_000 };
    expect((await admin.post('/projects', { project_name: 'listed', cve_allowlist: allowlist })).status).toBe(201);
    const created = Project.parse((await admin.get<ProjectJson>('/projects/listed')).body);
    expect(created.cve_allowlist).toEqual({
      id: expect.any(Number),
      project_id: created.project_id,
      items: allowlist.items,
      expires_at: 1_900_000_000,
      creation_time: created.creation_time,
      update_time: created.creation_time,
    });
    expect(created.cve_allowlist.id).toBeGreaterThan(0);

    const update = { cve_allowlist: { project_id: created.project_id, items: [{ cve_id: 'CVE-2024-3094' }] } };
    expect((await admin.put('/projects/listed', update)).status).toBe(200);
    const updated = (await admin.get<ProjectJson>('/projects/listed')).body;
    expect(updated.cve_allowlist).toMatchObject({ id: created.cve_allowlist.id, items: [{ cve_id: 'CVE-2024-3094' }], expires_at: null });
    expect(updated.cve_allowlist.update_time >= created.cve_allowlist.update_time).toBe(true);
    // A list shows the same allowlist; a project made without one has an empty list of its own.
    const listed = (await admin.get<ProjectJson[]>('/projects?name=listed')).body;
    expect(listed[0]!.cve_allowlist).toEqual(updated.cve_allowlist);
    expect((await admin.post('/projects', { project_name: 'plain' })).status).toBe(201);
    const plain = (await admin.get<ProjectJson>('/projects/plain')).body.cve_allowlist;
    expect(plain).toMatchObject({ items: [], expires_at: null });
    expect(plain.id).toBeGreaterThan(created.cve_allowlist.id);

    // Harbor's checks: no empty or repeated id, and project_id (when not 0) the project's own.
    for (const [body, text] of [
      [{ cve_allowlist: { items: [{ cve_id: ' ' }] } }, 'empty CVE id'],
      [{ cve_allowlist: { items: [{ cve_id: 'CVE-1' }, { cve_id: 'CVE-1' }] } }, 'CVE-1 twice'],
      [{ cve_allowlist: { project_id: created.project_id + 1000, items: [] } }, `must be ${created.project_id}`],
    ] as const) {
      const res = await admin.put('/projects/listed', body);
      expect(res.status, text).toBe(400);
      expect(errorOf(res)!.message).toContain(text);
    }
    expect((await admin.get<ProjectJson>('/projects/listed')).body.cve_allowlist.items).toEqual([{ cve_id: 'CVE-2024-3094' }]);
  });

  test('storage_limit on create is the project\'s quota (summary quota.hard); system admins only, -1 or 1 byte to 1024 TB', async () => {
    expect((await admin.post('/projects', { project_name: 'capped', storage_limit: 10_737_418_240 })).status).toBe(201);
    const summary = ProjectSummary.parse((await admin.get('/projects/capped/summary')).body);
    expect(summary.quota).toEqual({ hard: { storage: 10_737_418_240 }, used: { storage: 0 } });

    // Harbor ignores a non-admin's storage_limit (the default applies), and reads 0 as the default.
    expect((await nia.post('/projects', { project_name: 'nia-own', storage_limit: 5 })).status).toBe(201);
    expect((await nia.get<z.output<typeof ProjectSummary>>('/projects/nia-own/summary')).body.quota).toEqual({ hard: { storage: -1 }, used: { storage: 0 } });
    expect((await admin.post('/projects', { project_name: 'zeroed', storage_limit: 0 })).status).toBe(201);
    expect((await admin.get<z.output<typeof ProjectSummary>>('/projects/zeroed/summary')).body.quota!.hard.storage).toBe(-1);

    for (const limit of [-2, 1024 ** 5 + 1]) {
      const res = await admin.post('/projects', { project_name: `bad-${limit < 0 ? 'neg' : 'big'}`, storage_limit: limit });
      expect(res.status, String(limit)).toBe(400);
      expect(errorOf(res)!.message).toContain('storage_limit must be -1');
    }
  });

  test('systeminfo has oidc_provider_name; volumes reports the data volume to system admins; getcert downloads the root certificate', async () => {
    const open = GeneralInfo.parse((await anonymous.get('/systeminfo')).body);
    expect(open.oidc_provider_name).toBe('');
    const full = GeneralInfo.parse((await nia.get('/systeminfo')).body);
    expect(full).toMatchObject({ oidc_provider_name: '', has_ca_root: true });

    const volumes = await admin.get('/systeminfo/volumes');
    expect(volumes.status).toBe(200);
    const [storage] = SystemInfo.parse(volumes.body).storage;
    const fs = await statfs(server.dataVolume);
    expect(storage!.total).toBe(fs.blocks * fs.bsize);
    expect(storage!.free).toBeGreaterThan(0);
    expect(storage!.free).toBeLessThanOrEqual(storage!.total);
    expect((await nia.get('/systeminfo/volumes')).status).toBe(403);
    expect((await anonymous.get('/systeminfo/volumes')).status).toBe(401);

    const cert = await fetch(`${server.url}/api/v2.0/systeminfo/getcert`);
    expect(cert.status).toBe(200);
    expect(cert.headers.get('content-type')).toBe('application/octet-stream');
    expect(cert.headers.get('content-disposition')).toBe('attachment; filename=ca.crt');
    const body = await cert.text();
    expect(body).toBe(await readFile(path.join(server.dataVolume, 'secret', 'registry', 'root.crt'), 'utf8'));
    expect(body).toContain('-----BEGIN CERTIFICATE-----');
  });

  test('a wrong method on a known path is 405 with Allow; an unknown path stays 404', async () => {
    const wrong = await admin.request('PATCH', '/projects/listed');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('DELETE, GET, HEAD, PUT');
    expect(errorOf(wrong)).toEqual({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('PATCH is not allowed') });
    const post = await anonymous.post('/systeminfo', {});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await admin.delete('/systeminfo/volumes')).status).toBe(405);
    expect((await admin.request('PATCH', '/no-such-thing')).status).toBe(404);
  });
});
