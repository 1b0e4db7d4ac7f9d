/**
 * The upload lease: a request appends to a session only while it holds the session's lease, so
 * two processes never write one file at once. The lease is short and renewed while bytes keep
 * coming, and names its holder's process (lib/process-identity.ts): when that process is known
 * to have died (a crash, a kill -9, on this host and pid namespace), the next request takes the
 * lease over at once; a holder on another machine that vanished frees it when it runs out.
 */
import type { AppError } from '../../lib/errors.js';
import { hasDied } from '../../lib/process-identity.js';
import { isoAfter, isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { chunkOutOfOrder, uploadBusy, uploadUnknown } from '../registry/registry-errors.js';
import { claimUpload, extendLease, findLease, findLeaseOwner, releaseUpload, takeOverUpload, type Upload } from './upload.repository.js';

type Deps = Pick<CoreContext, 'db' | 'registry'>;

/** How long a lease lasts unless renewed: the longest a vanished remote holder blocks a resume. */
export const LEASE_MS = 15_000;
/** Renewed this often while the request runs, so a slow write or a busy database never loses it. */
const RENEW_MS = LEASE_MS / 5;

/** The process holding the upload's lease, when it is known to have died. */
export async function deadHolder(deps: Deps, id: string): Promise<string | null> {
  const holder = await findLeaseOwner(deps.db, id);
  return holder !== null && holder !== deps.registry.instanceId && hasDied(holder) ? holder : null;
}

/** Takes the lease when the upload ends at `upload.size`: idle, or held by a process that died. */
async function claim(deps: Deps, upload: Upload, owner: string): Promise<boolean> {
  const lease = { id: upload.id, size: upload.size, owner, until: isoAfter(LEASE_MS) };
  if (await claimUpload(deps.db, { ...lease, now: isoNow() })) return true;
  const holder = await deadHolder(deps, upload.id);
  return holder !== null && (await takeOverUpload(deps.db, { ...lease, from: holder }));
}

/**
 * Why the lease could not be taken: the upload is gone, it no longer ends at `expected` (the
 * client's offset is wrong), or a request still writing holds it (busy: retry when it runs out).
 */
export async function refusal(deps: Deps, id: string, expected?: number): Promise<AppError> {
  const now = Date.now();
  const lease = await findLease(deps.db, id);
  if (!lease) return uploadUnknown(id);
  if (expected !== undefined && lease.size !== expected) return chunkOutOfOrder(lease.size);
  const heldFor = lease.until === null ? 0 : Date.parse(lease.until) - now;
  return uploadBusy(Math.max(1, Math.ceil(heldFor / 1000)));
}

/**
 * Runs `work` holding the upload's lease, which is taken only while the upload still ends
 * where the client continues from. Returns the size `work` reached.
 */
export async function underLease(deps: Deps, upload: Upload, work: () => Promise<number>): Promise<number> {
  const owner = deps.registry.instanceId;
  if (!(await claim(deps, upload, owner))) {
    // Cancelled meanwhile, moved on by another request, or held by one still writing.
    throw await refusal(deps, upload.id, upload.size);
  }
  const renew = setInterval(() => void extendLease(deps.db, upload.id, owner, isoAfter(LEASE_MS)).catch(() => undefined), RENEW_MS);
  renew.unref();
  let size = upload.size;
  try {
    size = await work();
    return size;
  } finally {
    clearInterval(renew);
    await releaseUpload(deps.db, upload.id, owner, size, isoNow());
  }
}
