/**
 * The S3 client Berth's object store talks through, built from harbor.yml's storage_service.s3
 * block, and the key layout in the bucket:
 *
 *   <rootdirectory>/
 *     docker/registry/v2/blobs/sha256/<2 hex>/<64 hex>/data
 *         a blob, Distribution's layout. Appears only by a server-side copy of an upload whose
 *         digest matched (an object appears whole on S3, or not at all).
 *     berth/uploads/<upload id>/
 *       state/<size, 16 digits>   the upload when it held <size> bytes: its multipart upload id,
 *                                 its parts, the bytes not yet in a part, and the SHA-256 state
 *                                 of all its bytes. Written after the bytes, never changed.
 *       tail/<size, 16 digits>    those bytes not yet in a part (fewer than chunksize: S3 parts
 *                                 but the last must be at least 5 MiB)
 *       multipart/<S3 upload id>  an empty marker left as a multipart upload starts, so that
 *                                 removing the upload aborts it even if no state names it
 *       data                      the multipart upload once completed, copied to the blob's key
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config/storage-schema.js';
import { digestHex } from '../lib/digest.js';
import { checkedUploadId, StorageFullError } from './blob-store.js';

export function createS3Client(s3: S3Config, caBundle?: string): S3Client {
  const endpoint = s3.regionendpoint && !/^https?:\/\//.test(s3.regionendpoint) ? `${s3.secure ? 'https' : 'http'}://${s3.regionendpoint}` : s3.regionendpoint;
  // Enough sockets for many pulls at once; kept alive, since every chunk makes a few requests.
  const agentOptions = { keepAlive: true, maxSockets: 256 };
  return new S3Client({
    region: s3.region,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: s3.forcepathstyle,
    ...(s3.accesskey && s3.secretkey ? { credentials: { accessKeyId: s3.accesskey, secretAccessKey: s3.secretkey } } : {}),
    // The digest check is Berth's; extra CRC32 checksums would cost a pass over every byte and
    // are not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent({ ...agentOptions, ...(caBundle ? { ca: readFileSync(caBundle) } : {}) }),
    },
  });
}

const pad = (size: number) => String(size).padStart(16, '0');

export class S3Layout {
  private readonly prefix: string;

  constructor(rootdirectory: string) {
    this.prefix = rootdirectory ? `${rootdirectory}/` : '';
  }

  get blobs(): string {
    return `${this.prefix}docker/registry/v2/blobs/sha256/`;
  }

  get uploads(): string {
    return `${this.prefix}berth/uploads/`;
  }

  get health(): string {
    return `${this.prefix}berth/health-`;
  }

  /** The caller has checked the digest's syntax. */
  blob(digest: string): string {
    const hex = digestHex(digest);
    return `${this.blobs}${hex.slice(0, 2)}/${hex}/data`;
  }

  /** The digest a blob key names, or null for another key. */
  digestOf(key: string): string | null {
    const match = /\/([0-9a-f]{64})\/data$/.exec(key);
    return match ? `sha256:${match[1]}` : null;
  }

  upload(id: string): string {
    return `${this.uploads}${checkedUploadId(id)}/`;
  }

  state(id: string, size: number): string {
    return `${this.upload(id)}state/${pad(size)}`;
  }

  tail(id: string, size: number): string {
    return `${this.upload(id)}tail/${pad(size)}`;
  }

  data(id: string): string {
    return `${this.upload(id)}data`;
  }

  /** The size a state or tail key is for. */
  sizeIn(key: string): number {
    return Number(key.slice(key.lastIndexOf('/') + 1));
  }
}

interface S3Failure {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** A key the bucket does not hold (GetObject says NoSuchKey, HeadObject a bare 404). */
export const isNotFound = (err: unknown) => {
  const failure = err as S3Failure;
  return failure.name === 'NoSuchKey' || failure.name === 'NotFound' || failure.$metadata?.httpStatusCode === 404;
};

/** A server without a call (s3rver has no UploadPartCopy); the caller falls back. */
export const isNotImplemented = (err: unknown) => {
  const failure = err as S3Failure;
  return failure.name === 'NotImplemented' || failure.$metadata?.httpStatusCode === 501;
};

/** Runs a write; a bucket out of room (MinIO's and Ceph's codes, or 507) is told as StorageFullError. */
export async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failure = err as S3Failure;
    const full = /StorageFull|QuotaExceeded|InsufficientStorage/.test(failure.name ?? '') || failure.$metadata?.httpStatusCode === 507;
    throw full ? new StorageFullError(err) : err;
  }
}
