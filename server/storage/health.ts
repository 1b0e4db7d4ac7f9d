/** Whether the blob store's directory can be written: the storage part of /api/v2.0/health. */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function checkWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const probe = path.join(dir, `.health-${randomUUID()}`);
  await writeFile(probe, 'ok');
  await rm(probe, { force: true });
}
