/**
 * Presigned GET URLs (AWS Signature Version 4, query-string form) for blob downloads redirected
 * to the bucket, as Distribution's `redirect` does. Written here rather than pulling in the
 * SDK's request presigner: a GET with only the host signed is the whole of what is needed.
 */
import { createHash, createHmac } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config/storage-schema.js';

// RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 requires.
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** Where a key of the bucket is fetched from: the configured endpoint or AWS's, by path or by host. */
function objectUrl(s3: S3Config, key: string): URL {
  const path = key.split('/').map(encode).join('/');
  if (s3.regionendpoint) {
    const base = new URL(/^https?:\/\//.test(s3.regionendpoint) ? s3.regionendpoint : `${s3.secure ? 'https' : 'http'}://${s3.regionendpoint}`);
    if (s3.forcepathstyle) return new URL(`${base.origin}/${s3.bucket}/${path}`);
    return new URL(`${base.protocol}//${s3.bucket}.${base.host}/${path}`);
  }
  return s3.forcepathstyle
    ? new URL(`https://s3.${s3.region}.amazonaws.com/${s3.bucket}/${path}`)
    : new URL(`https://${s3.bucket}.s3.${s3.region}.amazonaws.com/${path}`);
}

export async function presignGet(client: S3Client, s3: S3Config, key: string, expiresSeconds: number, now = new Date()): Promise<string> {
  const credentials = await client.config.credentials();
  const url = objectUrl(s3, key);
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${s3.region}/s3/aws4_request`;
  const query: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(expiresSeconds),
    'X-Amz-SignedHeaders': 'host',
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((name) => `${encode(name)}=${encode(query[name]!)}`)
    .join('&');
  const canonicalRequest = ['GET', url.pathname, canonicalQuery, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let signingKey = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [s3.region, 's3', 'aws4_request']) signingKey = hmac(signingKey, part);
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  return `${url.origin}${url.pathname}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
