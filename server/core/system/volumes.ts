/**
 * Harbor's /systeminfo/volumes and /systeminfo/getcert: the data volume's size and free space
 * (system admins), and the certificate clients download to trust this registry. Berth's is the
 * registry certificate `berth prepare` makes (secret/registry/root.crt).
 */
import { readFile } from 'node:fs/promises';
import { dataLayout } from '../../config/paths.js';
import { notFound } from '../../lib/errors.js';
import { diskSpace } from '../../storage/health.js';
import type { CoreContext } from '../context.js';
import { requireSysadmin, type Actor } from '../security/actor.js';

export async function volumesAs(ctx: Pick<CoreContext, 'config'>, actor: Actor): Promise<{ total: number; free: number }[]> {
  requireSysadmin(actor);
  return [await diskSpace(ctx.config.data_volume)];
}

/** The root certificate, or NOT_FOUND when there is none (a data volume prepared by hand without it). */
export async function rootCertificate(ctx: Pick<CoreContext, 'config'>): Promise<Buffer> {
  try {
    return await readFile(dataLayout(ctx.config.data_volume).tokenCert);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('The registry has no root certificate.');
    throw err;
  }
}

/** Whether there is a root certificate to download (systeminfo's has_ca_root). */
export async function hasRootCertificate(ctx: Pick<CoreContext, 'config'>): Promise<boolean> {
  return rootCertificate(ctx).then(
    () => true,
    () => false,
  );
}
