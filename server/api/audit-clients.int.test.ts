/**
 * The audit log after a real registry client: skopeo pushes, pulls and deletes, and the rows are
 * found through the API — the whole log for a system admin, the project's log for its admin.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { z } from 'zod';
import { ApiClient, createUser } from '../testing/api-client.js';
import { buildImage, imageBlobs, writeOciLayout } from '../testing/oci-images.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import type { AuditLogExt } from './contracts/audit-logs.js';

type Row = z.output<typeof AuditLogExt>;

const image = buildImage({ seed: 'audited-app', layers: 2 });

function skopeo(work: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('skopeo', args, { env: { ...process.env, REGISTRY_AUTH_FILE: path.join(work, 'auth.json') }, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stderr }),
    );
  });
}

describe('audit rows of a real client', () => {
  let server: ServerProcess;
  let work: string;
  let admin: ApiClient;
  let ada: ApiClient;

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
    work = await mkdtemp(path.join(os.tmpdir(), 'berth-audit-'));
    await writeOciLayout(`${work}/layout`, imageBlobs(image), { app: image.manifest });
    admin = ApiClient.basic(server, 'admin', 'Harbor12345');
    await createUser(admin, 'ada');
    await createUser(admin, 'olga');
    ada = ApiClient.basic(server, 'ada', 'Passw0rdX');
    expect((await ada.post('/projects', { project_name: 'audited' })).status).toBe(201);
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  test('skopeo push, pull and delete each leave a row, found through /auditlog-exts and /projects/{p}/auditlog-exts', async () => {
    const host = server.url.slice('http://'.length);
    const target = `docker://${host}/audited/app:v1`;
    const creds = ['--creds', 'ada:Passw0rdX', '--tls-verify=false'];
    expect(await skopeo(work, 'copy', '--dest-tls-verify=false', '--dest-creds', 'ada:Passw0rdX', `oci:${work}/layout:app`, target)).toMatchObject({ code: 0 });
    expect(await skopeo(work, 'copy', '--src-tls-verify=false', '--src-creds', 'ada:Passw0rdX', target, `oci:${work}/out:x`)).toMatchObject({ code: 0 });
    expect(await skopeo(work, 'delete', ...creds, target)).toMatchObject({ code: 0, stderr: '' });

    const push = { operation: 'create', resource_type: 'artifact', resource: 'audited/app:v1', username: 'ada', operation_result: true };
    const pull = { operation: 'pull', resource_type: 'artifact', resource: 'audited/app:v1', username: 'ada', operation_result: true };
    const deletion = { operation: 'delete', resource_type: 'artifact', resource: `audited/app@${image.manifest.digest}`, username: 'ada' };
    // Newest first: the delete, the pulls (skopeo reads the manifest more than once), the push.
    const inOrder = (rows: Row[]) => {
      const mine = rows.filter((r) => r.resource.startsWith('audited/app'));
      expect(mine[0]).toMatchObject(deletion);
      expect(mine.at(-1)).toMatchObject(push);
      expect(mine.slice(1, -1).length).toBeGreaterThan(0);
      for (const row of mine.slice(1, -1)) expect(row).toMatchObject(pull);
    };

    const project = await ada.get<Row[]>('/projects/audited/auditlog-exts?q=resource_type%3Dartifact');
    expect(project.status).toBe(200);
    inOrder(project.body);
    const global = await admin.get<Row[]>(`/auditlog-exts?q=${encodeURIComponent('resource=~audited/app')}&sort=-op_time`);
    inOrder(global.body);
    expect(global.body[0]!.operation_description).toBe(`delete artifact: audited/app@${image.manifest.digest}`);
    // A project admin's own view of the whole log holds her project's rows; an outsider reads neither.
    expect((await ada.get<Row[]>('/auditlog-exts?q=operation%3Dpull')).body.length).toBeGreaterThan(0);
    const olga = ApiClient.basic(server, 'olga', 'Passw0rdX');
    expect((await olga.get('/projects/audited/auditlog-exts')).status).toBe(403);
    expect((await olga.get<Row[]>('/auditlog-exts')).body).toEqual([]);
  });
});
