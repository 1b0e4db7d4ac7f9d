/**
 * Sends part of a file to a writable (an HTTP response) faster than a read stream does: two
 * buffers, the next one read from disk while the last one goes out, and no garbage per chunk.
 * Measured on the reference machine: about 1.9 GB/s against 1.0-1.2 GB/s for
 * fs.createReadStream piped into the response (Go's registry uses sendfile; Node has none),
 * with 2 MiB buffers then; 1 MiB buffers send as fast (BENCHMARKS.md, 2026-12-02).
 * A buffer is read into again only after the write that sent it has completed.
 *
 * The buffers come from one pool with a fixed budget, shared by every send in the process.
 * A fresh buffer per blob (1 MiB for a 1 MiB layer) cost more memory than it saved time: at 32
 * connections, 900 blobs a second left up to 60 MiB of dead buffers waiting for the collector,
 * and malloc kept the pages after they were freed (resident memory 390 MiB under bench
 * workload d). Within the budget a send reuses pooled buffers; beyond it (more concurrent sends
 * than the budget covers, or slow receivers holding theirs) it uses two small ones, so the
 * memory of sends is bounded by the budget plus 2 x SMALL per connection.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** The pooled buffer size: a 1 MiB layer is one read and one write. */
export const CHUNK = 1024 * 1024;
/**
 * At most this many pooled buffers exist, in use or free (16 MiB): half of bench workload d's 32
 * connections send from the pool, the rest from small buffers, at no loss of its rate
 * (BENCHMARKS.md, "Memory under load").
 */
export const POOL_BUFFERS = 16;
/** The buffer size of a send beyond the budget: still large enough for few system calls. */
export const SMALL = 64 * 1024;

const free: Buffer[] = [];
let allocated = 0;

/** A buffer for the next `remaining` bytes: small ranges are not worth a pooled buffer. */
function take(remaining: number): Buffer {
  if (remaining <= SMALL) return Buffer.allocUnsafe(remaining);
  const pooled = free.pop();
  if (pooled) return pooled;
  if (allocated < POOL_BUFFERS) {
    allocated++;
    return Buffer.allocUnsafeSlow(CHUNK);
  }
  return Buffer.allocUnsafeSlow(SMALL);
}

function give(buffer: Buffer): void {
  if (buffer.length === CHUNK) free.push(buffer);
}

/** Lets the free pooled buffers go (to the next collection) when the server falls idle. */
export function releaseSendBuffers(): void {
  allocated -= free.length;
  free.length = 0;
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', closed);
      resolve();
    };
    const closed = () => {
      out.off('drain', done);
      reject(new Error('the connection closed before the file was sent'));
    };
    out.on('drain', done);
    out.once('close', closed);
  });
}

/** Writes bytes `start` to `end` (inclusive) of the open file to `out`; does not end `out`. */
export async function sendFileRange(file: FileHandle, start: number, end: number, out: Writable): Promise<void> {
  // The second buffer is taken only when the first does not hold the whole range.
  const buffers: Buffer[] = [take(end - start + 1)];
  const sent: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let position = start;
  const readInto = async (k: number): Promise<number> => {
    await sent[k];
    if (position > end) return 0;
    buffers[k] ??= take(end - position + 1);
    const buffer = buffers[k];
    const length = Math.min(buffer.length, end - position + 1);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    position += bytesRead;
    return bytesRead;
  };
  let k = 0;
  let next = readInto(0);
  let done = false;
  try {
    for (;;) {
      const bytes = await next;
      if (bytes === 0) break;
      const current = k;
      k ^= 1;
      const buffer = buffers[current]!;
      sent[current] = write(out, bytes === buffer.length ? buffer : buffer.subarray(0, bytes));
      // Observed below (Promise.all) or, when the receiver is gone, through drained().
      sent[current].catch(() => undefined);
      next = readInto(k);
      await drained(out);
    }
    await Promise.all(sent);
    done = true;
  } catch (err) {
    // Let the read in flight settle before the caller closes the file under it.
    await next.catch(() => undefined);
    throw err;
  } finally {
    // Back to the pool only after every write that used them has completed. A failed send's
    // buffers may still be queued on a dead socket: they leave the pool (and it may allocate
    // as many again), which is rare and keeps a late write from landing in another response.
    if (done) buffers.forEach(give);
    else for (const buffer of buffers) if (buffer.length === CHUNK) allocated--;
  }
}
