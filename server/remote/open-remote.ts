/**
 * A handle on another registry by its type: every type copies over /v2; they differ in how
 * repositories are listed. 'harbor' (Harbor or Berth) lists through /api/v2.0 (projects, then
 * each project's repositories), 'docker-registry' (CNCF Distribution) through /v2/_catalog, and
 * 'oci' has no listing at all: a rule names its repositories.
 */
import { discard, header, readBody } from './http.js';
import { RemoteError } from './remote-error.js';
import type { OpenRemoteOptions, RegistryEndpoint, RemoteRegistry } from './types.js';
import { failure, V2Client } from './v2-client.js';

const HARBOR_PAGE_SIZE = 100;

export function openRemote(endpoint: RegistryEndpoint, options: OpenRemoteOptions = {}): RemoteRegistry {
  const client = new V2Client(endpoint, options);
  const listRepositories = async (signal?: AbortSignal): Promise<string[]> => {
    if (endpoint.type === 'docker-registry' || options.listing === 'catalog') return client.catalog(signal);
    if (endpoint.type === 'harbor') return harborRepositories(client, signal);
    throw new RemoteError('unsupported', 'this registry type has no catalog: name the repositories in the rule', { transient: false });
  };
  return {
    type: endpoint.type,
    identity: client.base,
    ping: () => client.ping(),
    listRepositories,
    listTags: (repository, signal) => client.listTags(repository, signal),
    // This Berth (a token minter, no Basic credentials) makes its projects itself (replication's planner).
    prepareRepository: async (repository, signal) => {
      if (endpoint.type === 'harbor' && !options.tokenMinter) await ensureHarborProject(client, repository, signal);
    },
    headManifest: (repository, reference, signal) => client.headManifest(repository, reference, signal),
    getManifest: (repository, reference, signal) => client.getManifest(repository, reference, signal),
    putManifest: (repository, reference, manifest, signal) => client.putManifest(repository, reference, manifest, signal),
    deleteManifest: (repository, digest, signal) => client.deleteManifest(repository, digest, signal),
    listReferrers: (repository, digest, signal) => client.listReferrers(repository, digest, signal),
    headBlob: (repository, digest, signal) => client.headBlob(repository, digest, signal),
    getBlob: (repository, digest, signal) => client.getBlob(repository, digest, signal),
    mountBlob: (repository, digest, from, signal) => client.mountBlob(repository, digest, from, signal),
    startUpload: (repository, signal) => client.startUpload(repository, signal),
    uploadStatus: (repository, session, signal) => client.uploadStatus(repository, session, signal),
    patchUpload: (repository, session, body, length, signal) => client.patchUpload(repository, session, body, length, signal),
    finishUpload: (repository, session, digest, signal) => client.finishUpload(repository, session, digest, signal),
    cancelUpload: (repository, session) => client.cancelUpload(repository, session),
  };
}

/** Harbor's API with Basic credentials (Harbor and Berth both take them on /api for tools). */
async function harborGet<T>(client: V2Client, path: string, signal?: AbortSignal): Promise<{ items: T; total: number | undefined }> {
  const basic = client.auth.basicHeader();
  const res = await client.transport.send({
    method: 'GET',
    url: `${client.base}/api/v2.0${path}`,
    headers: { accept: 'application/json', ...(basic ? { authorization: basic } : {}) },
    signal,
  });
  if (res.status === 401) {
    discard(res);
    throw new RemoteError('unauthorized', 'wrong credentials: the Harbor API refused the user name or password', { status: 401 });
  }
  if (res.status !== 200) throw await failure(res, `GET /api/v2.0${path}`);
  const total = header(res, 'x-total-count');
  return { items: JSON.parse((await readBody(res)).toString('utf8')) as T, total: total === undefined ? undefined : Number(total) };
}

async function harborPaged<T>(client: V2Client, path: string, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const { items, total } = await harborGet<T[]>(client, `${path}${separator}page=${page}&page_size=${HARBOR_PAGE_SIZE}`, signal);
    all.push(...items);
    if (items.length < HARBOR_PAGE_SIZE || (total !== undefined && all.length >= total)) return all;
  }
}

async function harborRepositories(client: V2Client, signal?: AbortSignal): Promise<string[]> {
  const projects = await harborPaged<{ name: string }>(client, '/projects', signal);
  const names: string[] = [];
  for (const project of projects) {
    const repositories = await harborPaged<{ name: string }>(client, `/projects/${encodeURIComponent(project.name)}/repositories`, signal);
    names.push(...repositories.map((r) => r.name));
  }
  return names;
}

/**
 * A push into a Harbor needs the repository's project: made private when missing, as Harbor's
 * own replication does. 409 means another task made it meanwhile.
 */
async function ensureHarborProject(client: V2Client, repository: string, signal?: AbortSignal): Promise<void> {
  const project = repository.split('/')[0]!;
  const basic = client.auth.basicHeader();
  const headers = { accept: 'application/json', ...(basic ? { authorization: basic } : {}) };
  const found = await client.transport.send({ method: 'HEAD', url: `${client.base}/api/v2.0/projects?project_name=${encodeURIComponent(project)}`, headers, signal });
  discard(found);
  if (found.status === 200) return;
  const body = Buffer.from(JSON.stringify({ project_name: project, metadata: { public: 'false' } }));
  const res = await client.transport.send({
    method: 'POST',
    url: `${client.base}/api/v2.0/projects`,
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    signal,
  });
  if (res.status === 201 || res.status === 409) return discard(res);
  if (res.status === 401) {
    discard(res);
    throw new RemoteError('unauthorized', 'wrong credentials: the Harbor API refused the user name or password', { status: 401 });
  }
  if (res.status === 403) {
    discard(res);
    throw new RemoteError('forbidden', `the destination's project ${project} does not exist and these credentials may not create it`, { status: 403, transient: false });
  }
  throw await failure(res, `POST /api/v2.0/projects (${project})`);
}
