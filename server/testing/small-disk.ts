/**
 * A real, small filesystem for full-disk tests: a tmpfs of a few MiB mounted over a directory.
 * Mounting needs root (or CAP_SYS_ADMIN); where it is refused, mountSmallDisk() says why and the
 * caller skips, leaving the injected ENOSPC of the store's own test (/dev/full) to stand in.
 */
import { execFile } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  dir: string;
  /** Writes a file until the disk refuses more (ENOSPC). */
  fill(): Promise<void>;
  /** Removes what fill() wrote. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `size` (mount's syntax: 8m) at `dir`; a sentence saying why not when refused. */
export async function mountSmallDisk(dir: string, size: string): Promise<SmallDisk | string> {
  await mkdir(dir, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  } catch (err) {
    return `cannot mount a tmpfs at ${dir} (needs root): ${(err as Error).message.trim()}`;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: async () => {
      const handle = await open(filler, 'a');
      try {
        // Large blocks first, then pages, so that not even one page is left.
        for (const size of [1024 * 1024, 4096]) {
          const block = Buffer.alloc(size, 1);
          try {
            for (;;) await handle.write(block);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        await handle.close();
      }
    },
    free: () => rm(filler, { force: true }),
    unmount: async () => {
      await run('umount', [dir]);
    },
  };
}
