/**
 * The /v2 route table (spec, "Endpoints"). A repository name may have any number of
 * components, so routes are regular expressions over the path below /v2, tried in order:
 * the upload routes come before the blob route, which would otherwise read `uploads` as a digest.
 * Each method says what it needs of the caller: GET and HEAD pull, writes push, DELETE deletes.
 */
import type { RegistryAction } from '../core/rbac/permissions.js';
import type { Need } from './auth.js';
import { deleteBlob, getBlob } from './handlers/blobs.js';
import { getCatalog, getReferrers, getTags, versionCheck } from './handlers/listings.js';
import { getManifest, putManifest, removeManifest } from './handlers/manifests.js';
import type { Handler, RouteParams } from './handlers/types.js';
import { deleteUpload, getUploadStatus, patchUpload, postUpload, putUpload } from './handlers/uploads.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Endpoint {
  /** Null for routes that only need valid credentials (the version check). */
  action: RegistryAction | 'catalog' | null;
  handle: Handler;
}

export interface Route {
  name: string;
  pattern: RegExp;
  methods: Partial<Record<Method, Endpoint>>;
}

const pull = (handle: Handler): Endpoint => ({ action: 'pull', handle });
const push = (handle: Handler): Endpoint => ({ action: 'push', handle });
const remove = (handle: Handler): Endpoint => ({ action: 'delete', handle });

export const ROUTES: Route[] = [
  { name: 'base', pattern: /^\/?$/, methods: { GET: { action: null, handle: versionCheck }, HEAD: { action: null, handle: versionCheck } } },
  { name: 'catalog', pattern: /^\/_catalog$/, methods: { GET: { action: 'catalog', handle: getCatalog } } },
  { name: 'tags', pattern: /^\/(?<name>.+)\/tags\/list$/, methods: { GET: pull(getTags) } },
  {
    name: 'manifest',
    pattern: /^\/(?<name>.+)\/manifests\/(?<reference>[^/]+)$/,
    methods: { GET: pull(getManifest), HEAD: pull(getManifest), PUT: push(putManifest), DELETE: remove(removeManifest) },
  },
  {
    name: 'upload',
    pattern: /^\/(?<name>.+)\/blobs\/uploads\/(?<id>[^/]+)$/,
    methods: { GET: push(getUploadStatus), PATCH: push(patchUpload), PUT: push(putUpload), DELETE: push(deleteUpload) },
  },
  { name: 'uploads', pattern: /^\/(?<name>.+)\/blobs\/uploads\/?$/, methods: { POST: push(postUpload) } },
  {
    name: 'blob',
    pattern: /^\/(?<name>.+)\/blobs\/(?<digest>[^/]+)$/,
    methods: { GET: pull(getBlob), HEAD: pull(getBlob), DELETE: remove(deleteBlob) },
  },
  { name: 'referrers', pattern: /^\/(?<name>.+)\/referrers\/(?<digest>[^/]+)$/, methods: { GET: pull(getReferrers) } },
];

export interface Match {
  route: Route;
  params: RouteParams;
}

export function matchRoute(path: string): Match | undefined {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    const groups = found.groups ?? {};
    const params = { name: groups.name ?? '', reference: groups.reference ?? '', digest: groups.digest ?? '', id: groups.id ?? '' };
    return { route, params };
  }
  return undefined;
}

/** What the endpoint needs of the caller for this request's repository. */
export function needOf(endpoint: Endpoint, params: RouteParams): Need {
  if (endpoint.action === null) return { kind: 'login' };
  if (endpoint.action === 'catalog') return { kind: 'catalog' };
  return { kind: 'repository', name: params.name, action: endpoint.action };
}
