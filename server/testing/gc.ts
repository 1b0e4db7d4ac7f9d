/**
 * Garbage collection tests' tools: images that share layers, skopeo in and out, a GC run through
 * the API followed to its end, and the blob store's size on disk.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ApiClient } from './api-client.js';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, tar, type Blob, type Image } from './oci-images.js';
import { eventually } from './replication.js';

export function layerOf(name: string, bytes = 2000): Blob {
  return blobOf(OCI_LAYER, gzipSync(tar({ [`${name}.txt`]: `${name}\n`, [`${name}.bin`]: Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 31 + name.length * 7 + name.charCodeAt(i % name.length)) % 251)) })));
}

/** An image whose layers are given (shared layers are the same Blob in several images). */
export function imageOf(seed: string, layers: Blob[]): Image {
  const config = blobOf(OCI_CONFIG, {
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { seed } },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
  });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map((l) => descriptor(l)) });
  return { config, layers, manifest };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** skopeo against a plain-HTTP Berth as admin, from and to an OCI layout under `work`. */
export function skopeoFor(host: string, work: string) {
  const skopeo = (...args: string[]) => run('skopeo', args, { REGISTRY_AUTH_FILE: path.join(work, 'skopeo-auth.json') });
  return {
    push: (layout: string, ref: string, target: string) =>
      skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'admin:Harbor12345', `oci:${layout}:${ref}`, `docker://${host}/${target}`),
    /** Copies out; answers the manifest digest, or throws with skopeo's complaint. */
    pull: async (source: string) => {
      const dir = await mkdtemp(path.join(work, 'out-'));
      const r = await skopeo('copy', '--src-tls-verify=false', '--src-creds', 'admin:Harbor12345', `docker://${host}/${source}`, `oci:${dir}:x`);
      if (r.code !== 0) throw new Error(`skopeo could not copy ${source} out: ${r.stderr}`);
      const layout = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
      return layout.manifests[0]!.digest;
    },
    delete: (target: string) => skopeo('delete', '--tls-verify=false', '--creds', 'admin:Harbor12345', `docker://${host}/${target}`),
  };
}

export interface GcRun {
  id: number;
  status: string;
  attrs: Record<string, unknown>;
  log: string;
}

/** Starts a GC now (Manual) with the parameters; answers its id. */
export async function startGc(admin: ApiClient, parameters: Record<string, unknown>): Promise<number> {
  const res = await admin.post('/system/gc/schedule', { schedule: { type: 'Manual' }, parameters });
  if (res.status !== 201) throw new Error(`starting GC answered ${res.status}: ${JSON.stringify(res.body)}`);
  return Number(/\/system\/gc\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
}

/** Waits for the run to end; answers its status, outcome attributes and log. */
export async function finishedGc(admin: ApiClient, id: number, timeoutMs = 60_000): Promise<GcRun> {
  const row = await eventually(
    `GC ${id} to end`,
    async () => {
      const res = await admin.get<{ job_status: string; job_parameters: string }>(`/system/gc/${id}`);
      return ['Success', 'Error', 'Stopped'].includes(res.body.job_status) ? res.body : undefined;
    },
    timeoutMs,
  );
  const log = (await admin.get<string>(`/system/gc/${id}/log`)).body;
  return { id, status: row.job_status, attrs: JSON.parse(row.job_parameters) as Record<string, unknown>, log };
}

export const runGc = async (admin: ApiClient, parameters: Record<string, unknown>) => finishedGc(admin, await startGc(admin, parameters));

/** Digests the log says were (or would be) deleted. */
export const blobsInLog = (log: string) => [...log.matchAll(/(?:would delete|deleted) blob (sha256:[0-9a-f]{64})/g)].map((m) => m[1]!).sort();

/** Bytes of every file under the blob store (apparent sizes): what GC's freed_space must match. */
export async function storeBytes(dataVolume: string): Promise<number> {
  const root = path.join(dataVolume, 'registry', 'blobs');
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else total += (await stat(full)).size;
    }
  };
  await walk(root);
  return total;
}
