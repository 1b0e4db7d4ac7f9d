/**
 * Uploads in object storage (keys in s3-client.ts). Chunks become S3 multipart upload parts as
 * they arrive, so no process ever holds more than two parts of a blob. What an upload is at each
 * acknowledged size (its parts, its tail, its SHA-256 state) is an immutable object in the
 * bucket: any process continues the upload from the size the database acknowledged, and an
 * append that failed midway, or that the caller refused, leaves the state it started from
 * untouched, which is what "cut back" means here.
 */
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  AbortMultipartUploadCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { UploadDamagedError } from './blob-store.js';
import { ResumableSha256 } from './resumable-sha256.js';
import { isNotFound, writing, type S3Layout } from './s3-client.js';

export interface UploadState {
  /** The S3 multipart upload, once the first full part was sent. */
  multipart?: string;
  parts: { n: number; etag: string; size: number }[];
  /** Bytes after the last part, in the tail object of this state's size. */
  tailSize: number;
  /** SHA-256 state of every byte so far (base64). */
  hash: string;
}

export class S3Uploads {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly keys: S3Layout,
    private readonly partSize: number,
  ) {}

  async create(id: string): Promise<void> {
    const state: UploadState = { parts: [], tailSize: 0, hash: (await ResumableSha256.create()).save().toString('base64') };
    await this.put(this.keys.state(id, 0), JSON.stringify(state));
  }

  /** The upload as it was at `size` bytes; UploadDamagedError when the store never held that. */
  async state(id: string, size: number): Promise<UploadState> {
    const bytes = await this.get(this.keys.state(id, size));
    if (!bytes) throw new UploadDamagedError(id);
    return JSON.parse(bytes.toString('utf8')) as UploadState;
  }

  async append(id: string, offset: number, body: Readable): Promise<number> {
    // The body may fail while the state is fetched, before it is read: the failure is seen when
    // reading starts, not thrown as an unhandled 'error' event.
    const ignore = () => undefined;
    body.on('error', ignore);
    try {
      return await this.appendFrom(id, offset, body);
    } finally {
      body.off('error', ignore);
    }
  }

  private async appendFrom(id: string, offset: number, body: Readable): Promise<number> {
    const state = await this.state(id, offset);
    const hash = await ResumableSha256.load(Buffer.from(state.hash, 'base64'));
    const parts = [...state.parts];
    let multipart = state.multipart;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    if (state.tailSize > 0) {
      const tail = await this.get(this.keys.tail(id, offset));
      if (!tail || tail.length !== state.tailSize) throw new UploadDamagedError(id);
      pending = [tail];
      pendingSize = tail.length;
    }
    // One part is sent while the next one is read from the client: at most two parts in memory.
    let sending: Promise<void> = Promise.resolve();
    const send = (part: Buffer) => {
      const n = parts.length + 1;
      parts.push({ n, etag: '', size: part.length });
      const previous = sending;
      sending = previous.then(async () => {
        multipart ??= await this.startMultipart(id);
        const sent = await writing(() =>
          this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: this.keys.data(id), UploadId: multipart, PartNumber: n, Body: part })),
        );
        parts[n - 1]!.etag = sent.ETag ?? '';
      });
      // Awaited below or after the loop; a failure is seen there, not as an unhandled rejection.
      sending.catch(() => undefined);
      return previous;
    };
    let written = 0;
    try {
      // Not destroyed when a write fails: the request must stay whole, for its connection still
      // carries the answer. A failing body (the client gone) still fails here.
      for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        written += chunk.length;
        pending.push(chunk);
        pendingSize += chunk.length;
        while (pendingSize >= this.partSize) {
          const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [all.subarray(this.partSize)];
          pendingSize -= this.partSize;
          await send(all.subarray(0, this.partSize));
        }
      }
      await sending;
    } finally {
      await sending.catch(() => undefined);
    }
    const size = offset + written;
    if (pendingSize > 0) await this.put(this.keys.tail(id, size), Buffer.concat(pending));
    const next: UploadState = { ...(multipart ? { multipart } : {}), parts, tailSize: pendingSize, hash: hash.save().toString('base64') };
    await this.put(this.keys.state(id, size), JSON.stringify(next));
    // States below the acknowledged offset can never be asked for again (offsets only grow).
    if (offset > 0) await this.removeWhere(id, (at) => at < offset).catch(() => undefined);
    return size;
  }

  /** Forgets states past `size`, which the caller refused. */
  async truncate(id: string, size: number): Promise<void> {
    await this.removeWhere(id, (at) => at > size);
  }

  /** The digest of the upload's first `size` bytes. */
  async digest(id: string, size: number): Promise<string> {
    return `sha256:${await (await ResumableSha256.load(Buffer.from((await this.state(id, size)).hash, 'base64'))).hex()}`;
  }

  /**
   * Completes the upload at `size` into one object and returns its key: the multipart upload
   * with its tail as the last part, or the tail itself when no part was ever full.
   */
  async complete(id: string, size: number): Promise<string> {
    const state = await this.state(id, size);
    if (!state.multipart) return this.keys.tail(id, size);
    const parts = [...state.parts];
    if (state.tailSize > 0) {
      const tail = await this.get(this.keys.tail(id, size));
      if (!tail) throw new UploadDamagedError(id);
      const sent = await writing(() =>
        this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: this.keys.data(id), UploadId: state.multipart, PartNumber: parts.length + 1, Body: tail })),
      );
      parts.push({ n: parts.length + 1, etag: sent.ETag ?? '', size: tail.length });
    }
    await writing(() =>
      this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.keys.data(id),
          UploadId: state.multipart,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.n, ETag: p.etag })) },
        }),
      ),
    );
    return this.keys.data(id);
  }

  /** Removes every object of the upload, and aborts its multipart uploads (their parts are billed). */
  async remove(id: string): Promise<void> {
    const keys = (await this.list(this.keys.upload(id))).map((k) => k.key);
    const markers = keys.filter((k) => k.includes('/multipart/'));
    for (const marker of markers) {
      const uploadId = marker.slice(marker.lastIndexOf('/') + 1);
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.keys.data(id), UploadId: uploadId }))
        .catch(() => undefined); // already completed or aborted
    }
    await this.delete(keys);
  }

  /** Every upload, with the time its newest object was written. */
  async all(): Promise<{ id: string; modified: number }[]> {
    const newest = new Map<string, number>();
    for (const { key, modified } of await this.list(this.keys.uploads)) {
      const id = key.slice(this.keys.uploads.length).split('/')[0]!;
      newest.set(id, Math.max(newest.get(id) ?? 0, modified));
    }
    return [...newest].map(([id, modified]) => ({ id, modified }));
  }

  async list(prefix: string): Promise<{ key: string; size: number; modified: number }[]> {
    const found: { key: string; size: number; modified: number }[] = [];
    for await (const page of this.pages(prefix)) found.push(...page);
    return found;
  }

  /** The objects under `prefix`, a listing page (up to 1,000) at a time. */
  async *pages(prefix: string): AsyncIterable<{ key: string; size: number; modified: number }[]> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      yield (page.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size ?? 0, modified: o.LastModified?.getTime() ?? 0 }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  private async put(key: string, body: Buffer | string): Promise<void> {
    await writing(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body })));
  }

  /**
   * Starts the multipart upload and leaves a marker naming it, before any part is sent: an
   * append that fails after this never saves a state that names it, and removal must still
   * abort it (parts of an unfinished multipart upload are stored, and billed, until aborted).
   */
  private async startMultipart(id: string): Promise<string> {
    const started = await writing(() => this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.keys.data(id) })));
    await this.put(`${this.keys.upload(id)}multipart/${started.UploadId!}`, '');
    return started.UploadId!;
  }

  private async removeWhere(id: string, drop: (size: number) => boolean): Promise<void> {
    const keys = (await this.list(this.keys.upload(id))).map((k) => k.key).filter((k) => /\/(state|tail)\/\d+$/.test(k) && drop(this.keys.sizeIn(k)));
    await this.delete(keys);
  }

  private async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
  }
}
