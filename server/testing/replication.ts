/**
 * Helpers for replication tests: skopeo pushes and digests (a real client, no Berth code between
 * the test and the registry), and the API calls a test makes around an execution.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApiClient } from './api-client.js';
import { imageBlobs, writeOciLayout, type Image } from './oci-images.js';

export interface SkopeoResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function skopeo(...args: string[]): Promise<SkopeoResult> {
  return new Promise((resolve) => {
    execFile('skopeo', args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, REGISTRY_AUTH_FILE: path.join(os.tmpdir(), 'berth-replication-skopeo-auth.json') } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const hostOf = (url: string) => new URL(url).host;

/** Pushes an image with skopeo from an OCI layout to <url>/<repository>:<tag>. */
export async function skopeoPush(url: string, image: Image, repository: string, tag: string, creds?: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-layout-'));
  try {
    await writeOciLayout(dir, imageBlobs(image), { x: image.manifest });
    const res = await skopeo('copy', '--dest-tls-verify=false', ...(creds ? ['--dest-creds', creds] : []), `oci:${dir}:x`, `docker://${hostOf(url)}/${repository}:${tag}`);
    if (res.code !== 0) throw new Error(`skopeo copy to ${repository}:${tag} failed: ${res.stderr}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The digest of the manifest (or index) skopeo reads at <url>/<repository>:<tag>, or null when there is none. */
export async function skopeoDigest(url: string, repository: string, tag: string, creds?: string): Promise<string | null> {
  const res = await skopeo('inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${hostOf(url)}/${repository}:${tag}`);
  if (res.code !== 0) {
    if (/manifest unknown|not found|name unknown/i.test(res.stderr)) return null;
    throw new Error(`skopeo inspect ${repository}:${tag} failed: ${res.stderr}`);
  }
  return `sha256:${createHash('sha256').update(res.stdout).digest('hex')}`;
}

export async function skopeoTags(url: string, repository: string, creds?: string): Promise<string[]> {
  const res = await skopeo('list-tags', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${hostOf(url)}/${repository}`);
  if (res.code !== 0) return [];
  return (JSON.parse(res.stdout) as { Tags: string[] }).Tags;
}

export interface ExecutionJson {
  id: number;
  policy_id: number;
  status: string;
  trigger: string;
  status_text: string;
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
  start_time: string;
  end_time: string;
}

export interface TaskJson {
  id: number;
  execution_id: number;
  status: string;
  operation: string;
  resource_type: string;
  src_resource: string;
  dst_resource: string;
  bytes?: number;
  duration?: number;
  status_text?: string;
}

const idFrom = (res: { headers: Headers }) => Number(res.headers.get('location')!.split('/').at(-1));

/** Creates a registry endpoint; returns its id. */
export async function createEndpoint(admin: ApiClient, body: Record<string, unknown>): Promise<number> {
  const res = await admin.post('/registries', { insecure: true, ...body });
  if (res.status !== 201) throw new Error(`creating registry ${String(body.name)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return idFrom(res);
}

/** Creates a replication rule (enabled, manual, override off unless said); returns its id. */
export async function createRule(admin: ApiClient, body: Record<string, unknown>): Promise<number> {
  const res = await admin.post('/replication/policies', { enabled: true, override: false, trigger: { type: 'manual' }, ...body });
  if (res.status !== 201) throw new Error(`creating rule ${String(body.name)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return idFrom(res);
}

export async function startExecution(admin: ApiClient, policyId: number): Promise<number> {
  const res = await admin.post('/replication/executions', { policy_id: policyId });
  if (res.status !== 201) throw new Error(`starting rule ${policyId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return idFrom(res);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs` with the last seen state. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await sleep(250);
  }
}

/** Waits for the execution to end (any status but InProgress); returns it. */
export function finishedExecution(admin: ApiClient, id: number, timeoutMs = 60_000): Promise<ExecutionJson> {
  return eventually(
    `execution ${id} to end`,
    async () => {
      const res = await admin.get<ExecutionJson>(`/replication/executions/${id}`);
      return res.status === 200 && res.body.status !== 'InProgress' ? res.body : undefined;
    },
    timeoutMs,
  );
}

export async function tasksOf(admin: ApiClient, executionId: number): Promise<TaskJson[]> {
  const res = await admin.get<TaskJson[]>(`/replication/executions/${executionId}/tasks?page_size=100`);
  if (res.status !== 200) throw new Error(`tasks of ${executionId} answered ${res.status}`);
  return res.body;
}

export async function executionsOf(admin: ApiClient, policyId: number): Promise<ExecutionJson[]> {
  const res = await admin.get<ExecutionJson[]>(`/replication/executions?policy_id=${policyId}&page_size=100`);
  return res.body;
}
