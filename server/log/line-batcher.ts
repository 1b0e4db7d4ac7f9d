/**
 * One write to a log file for all the lines that arrived while the previous write was under way.
 *
 * The rotating file stream writes each chunk it is given with its own system call, one after
 * another. At thousands of requests a second the access lines queued behind it faster than they
 * went out: after a 20-second manifest load 40,000 lines (13 MB) were waiting, still being written
 * 20 s later, and their buffers and queue entries were most of the memory the load added
 * (BENCHMARKS.md, "The access log's queue"). Here a line goes out at once when the file is idle;
 * lines that come while it is busy wait in one array and go out together, as one write.
 */
import type { Writable } from 'node:stream';

/** Lines waiting beyond this are dropped and counted, so a stalled disk cannot take all memory. */
const MAX_WAITING_BYTES = 8 * 1024 * 1024;

export class LineBatcher {
  private waiting: string[] = [];
  private waitingBytes = 0;
  private dropped = 0;
  private busy = false;
  private idle: (() => void)[] = [];

  /** `droppedLine(n)` is the log line that says n lines were dropped (written with the next write). */
  constructor(
    private readonly file: Writable,
    private readonly droppedLine: (count: number) => string,
    private readonly maxWaitingBytes = MAX_WAITING_BYTES,
  ) {}

  /** Called by pino with one serialized line. */
  write(line: string): void {
    if (this.waitingBytes + line.length > this.maxWaitingBytes) {
      this.dropped += 1;
      return;
    }
    this.waiting.push(line);
    this.waitingBytes += line.length;
    if (!this.busy) this.writeWaiting();
  }

  /** Writes what is waiting, then ends the file. */
  async end(): Promise<void> {
    await new Promise<void>((resolve) => (this.busy ? this.idle.push(resolve) : resolve()));
    await new Promise<void>((resolve) => this.file.end(() => resolve()));
  }

  private writeWaiting(): void {
    if (this.dropped > 0) {
      this.waiting.push(this.droppedLine(this.dropped));
      this.dropped = 0;
    }
    const chunk = this.waiting.join('');
    this.waiting = [];
    this.waitingBytes = 0;
    this.busy = true;
    // The stream reports a failed write on its 'error' event (the logger's owner listens there);
    // the callback runs either way, so the lines behind it still go out.
    this.file.write(chunk, () => {
      if (this.waiting.length > 0 || this.dropped > 0) return this.writeWaiting();
      this.busy = false;
      for (const resolve of this.idle.splice(0)) resolve();
    });
  }
}
