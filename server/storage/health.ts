/** The blob store's disk: whether it can be written (the storage part of /api/v2.0/health) and its space. */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function checkWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const probe = path.join(dir, `.health-${randomUUID()}`);
  await writeFile(probe, 'ok');
  await rm(probe, { force: true });
}

/** The size and the space left for unprivileged writers of the filesystem holding `dir`, in bytes. */
export async function diskSpace(dir: string): Promise<{ total: number; free: number }> {
  const fs = await statfs(dir);
  return { total: fs.blocks * fs.bsize, free: fs.bavail * fs.bsize };
}
