/**
 * harbor.yml's `storage_service` block, as Harbor passes it to Distribution: without an `s3`
 * entry blobs stay on the filesystem under data_volume; with one they live in an S3-compatible
 * bucket (server/storage/s3-blob-store.ts). Keys and defaults are Distribution's S3 driver's;
 * the one difference is `redirect`, which Berth leaves off unless asked (clients must be able to
 * reach the bucket's endpoint for a redirect to work, and behind a firewall they often cannot).
 */
import { z } from 'zod';
import { parseByteSize } from './units.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** A size in bytes (or with a unit, 10M) within S3's limits. */
const s3Size = (fallback: number, min: number, max: number, what: string) => {
  const text = `${what}: a size in bytes or such as 10M, from ${min / MIB} MiB to ${max / GIB} GiB`;
  return z
    .union([z.string(), z.int()])
    .default(fallback)
    .transform((v) => (typeof v === 'number' ? v : parseByteSize(v)))
    .refine((v): v is number => v !== null && v >= min && v <= max, { error: text })
    .describe(text);
};

// S3's rules for bucket names: 3 to 63 lower-case letters, digits, dots and hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const s3Schema = z
  .object({
    region: z.string().min(1).describe('the bucket\'s region, such as us-east-1 (any name for most S3-compatible servers)'),
    bucket: z.string().regex(BUCKET).describe('the bucket name: 3 to 63 lower-case letters, digits, dots and hyphens'),
    accesskey: z.string().min(1).optional().describe('the access key id (omit both keys to use the environment or an instance role)'),
    secretkey: z.string().min(1).optional().describe('the secret access key (omit both keys to use the environment or an instance role)'),
    regionendpoint: z
      .string()
      .regex(/^(https?:\/\/)?[^\s/]+(:\d+)?\/?$/)
      .optional()
      .describe('the endpoint of an S3-compatible server, such as https://minio.example.com:9000'),
    rootdirectory: z
      .string()
      .default('')
      .transform((v) => v.replace(/^\/+|\/+$/g, ''))
      .describe('a key prefix under which every object is stored, such as /registry'),
    secure: z.boolean().default(true).describe('true to reach the endpoint over HTTPS, false for plain HTTP'),
    v4auth: z
      .literal(true)
      .default(true)
      .describe('true: requests are signed with AWS Signature Version 4, the only signing Berth speaks'),
    chunksize: s3Size(10 * MIB, 5 * MIB, 5 * GIB, 'the size of each multipart upload part'),
    multipartcopychunksize: s3Size(32 * MIB, 5 * MIB, 5 * GIB, 'the size of each part when a large blob is copied'),
    multipartcopymaxconcurrency: z.int().min(1).max(1000).default(100).describe('how many parts of one copy run at once, from 1 to 1000'),
    multipartcopythresholdsize: s3Size(32 * MIB, 0, 5 * GIB, 'blobs larger than this are copied in parts'),
    forcepathstyle: z.boolean().default(false).describe('true to address the bucket as endpoint/bucket (most S3-compatible servers), false for bucket.endpoint'),
  })
  .superRefine((s3, ctx) => {
    if ((s3.accesskey === undefined) !== (s3.secretkey === undefined)) {
      const missing = s3.accesskey === undefined ? 'accesskey' : 'secretkey';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'accesskey and secretkey go together: give both, or neither to use the environment' });
    }
  });

export type S3Config = z.output<typeof s3Schema>;

export const storageServiceSchema = z
  .object({
    ca_bundle: z.string().min(1).optional().describe('the path of a CA bundle (PEM) trusted for the storage endpoint'),
    filesystem: z
      .object({ maxthreads: z.int().min(1).optional().describe('accepted for Harbor compatibility; Node needs no thread limit') })
      .optional(),
    s3: s3Schema.optional(),
    redirect: z
      .object({
        disable: z
          .boolean()
          .default(true)
          .describe('false to answer blob downloads with a redirect to a presigned URL of the bucket (S3 only; Berth: true by default)'),
      })
      .prefault({}),
  })
  .prefault({});

export type StorageServiceConfig = z.output<typeof storageServiceSchema>;
