/**
 * The blob store in an S3-compatible bucket (harbor.yml storage_service.s3; keys in s3-client.ts,
 * uploads in s3-uploads.ts). A blob appears only by a server-side copy of an upload whose SHA-256
 * matched, so readers see a whole blob or none, and the bytes never pass through Berth twice.
 * Every process reads and writes the same bucket: nothing about an upload is kept in memory
 * between chunks, so chunks may alternate between processes at no extra cost.
 */
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../config/storage-schema.js';
import type { BlobStore, ByteRange } from './blob-store.js';
import { isNotFound, isNotImplemented, S3Layout, writing } from './s3-client.js';
import { presignGet } from './s3-presign.js';
import { S3Uploads } from './s3-uploads.js';

export interface S3StoreOptions {
  /** Serve downloads by redirecting to presigned URLs (storage_service.redirect.disable false). */
  redirect?: boolean;
}

/** How long a presigned download URL stays valid (Distribution's S3 driver's default). */
const REDIRECT_SECONDS = 20 * 60;

export class S3BlobStore implements BlobStore {
  private readonly keys: S3Layout;
  private readonly bucket: string;
  private readonly uploads: S3Uploads;

  constructor(
    private readonly client: S3Client,
    private readonly s3: S3Config,
    private readonly options: S3StoreOptions = {},
  ) {
    this.keys = new S3Layout(s3.rootdirectory);
    this.bucket = s3.bucket;
    this.uploads = new S3Uploads(client, s3.bucket, this.keys, s3.chunksize);
  }

  async stat(digest: string): Promise<number | null> {
    return this.sizeOf(this.keys.blob(digest));
  }

  async open(digest: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keys.blob(digest), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      return res.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async sendTo(digest: string, out: Writable, range?: ByteRange): Promise<boolean> {
    if (range && range.end < range.start) return (await this.stat(digest)) !== null;
    const body = await this.open(digest, range);
    if (!body) return false;
    await pipeline(body, out, { end: false });
    return true;
  }

  async readSmall(digest: string, limit: number): Promise<Buffer | null> {
    const size = await this.stat(digest);
    if (size === null || size > limit) return null;
    return this.uploads.get(this.keys.blob(digest));
  }

  /** A presigned GET of the blob, when the operator turned redirects on; null otherwise. */
  async downloadUrl(digest: string): Promise<string | null> {
    if (!this.options.redirect) return null;
    return presignGet(this.client, this.s3, this.keys.blob(digest), REDIRECT_SECONDS);
  }

  createUpload(id: string): Promise<void> {
    return this.uploads.create(id);
  }

  append(id: string, offset: number, body: Readable): Promise<number> {
    return this.uploads.append(id, offset, body);
  }

  truncateUpload(id: string, size: number): Promise<void> {
    return this.uploads.truncate(id, size);
  }

  /**
   * Checks the digest from the saved hash state (no byte is read back), completes the upload into
   * one object and copies that to the blob's key. The upload stays: committing again places the
   * blob again should it have been collected in between.
   */
  async commit(id: string, size: number, digest: string): Promise<boolean> {
    if ((await this.uploads.digest(id, size)) !== digest) return false;
    const target = this.keys.blob(digest);
    // Someone stored the same content first: keep theirs, the bytes are the same.
    if ((await this.sizeOf(target)) === size) return true;
    const completed = this.keys.data(id);
    const source = (await this.sizeOf(completed)) === size ? completed : await this.uploads.complete(id, size);
    await this.copy(source, target, size);
    return true;
  }

  /** Deletes a blob's bytes (garbage collection); false when they were not there. */
  async removeBlob(digest: string): Promise<boolean> {
    const key = this.keys.blob(digest);
    if ((await this.sizeOf(key)) === null) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return true;
  }

  /** Every blob the bucket holds, listed a page at a time. */
  async *listBlobs(): AsyncIterable<{ digest: string; size: number; modified: number }> {
    for await (const page of this.uploads.pages(this.keys.blobs)) {
      for (const { key, size, modified } of page) {
        const digest = this.keys.digestOf(key);
        if (digest) yield { digest, size, modified };
      }
    }
  }

  async removeUpload(id: string): Promise<void> {
    await this.uploads.remove(id);
  }

  listUploads(): Promise<{ id: string; modified: number }[]> {
    return this.uploads.all();
  }

  /** Writes and removes a probe object: the storage part of /api/v2.0/health. */
  async checkWritable(): Promise<void> {
    const probe = `${this.keys.health}${randomUUID()}`;
    await writing(() => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: probe, Body: 'ok' })));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: probe }));
  }

  private async sizeOf(key: string): Promise<number | null> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  private copySource(key: string): string {
    return `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  /**
   * A server-side copy: one CopyObject up to multipartcopythresholdsize, else a multipart copy
   * in multipartcopychunksize parts, multipartcopymaxconcurrency at a time (CopyObject stops at
   * 5 GiB). A server without UploadPartCopy gets the single copy.
   */
  private async copy(source: string, target: string, size: number): Promise<void> {
    const single = () => writing(() => this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: this.copySource(source) })));
    if (size <= this.s3.multipartcopythresholdsize) {
      await single();
      return;
    }
    const started = await writing(() => this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: target })));
    const partSize = this.s3.multipartcopychunksize;
    const count = Math.ceil(size / partSize);
    const etags: string[] = new Array<string>(count);
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < count; n = next++) {
        const start = n * partSize;
        const end = Math.min(size, start + partSize) - 1;
        const part = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: target,
            UploadId: started.UploadId,
            PartNumber: n + 1,
            CopySource: this.copySource(source),
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        etags[n] = part.CopyPartResult?.ETag ?? '';
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(count, this.s3.multipartcopymaxconcurrency) }, worker));
    } catch (err) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: target, UploadId: started.UploadId })).catch(() => undefined);
      if (!isNotImplemented(err)) throw err;
      await single();
      return;
    }
    await writing(() =>
      this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: target,
          UploadId: started.UploadId,
          MultipartUpload: { Parts: etags.map((ETag, n) => ({ PartNumber: n + 1, ETag })) },
        }),
      ),
    );
  }
}
