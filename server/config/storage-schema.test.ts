/** harbor.yml's storage_service block: the filesystem by default, S3 with Distribution's keys, errors naming the key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-storage-config-'));

function load(yml: string, env: NodeJS.ProcessEnv = {}) {
  const file = path.join(dir, 'harbor.yml');
  writeFileSync(file, yml);
  return loadConfig({ file, env, cwd: dir });
}

function problemsOf(yml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(yml, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test('without storage_service the filesystem store is used and redirects are off', () => {
  const { config, warnings } = load('hostname: h\n');
  expect(config.storage_service).toEqual({ redirect: { disable: true } });
  expect(warnings).toEqual([]);
});

test("Harbor's s3 block is read with Distribution's defaults; the secret key may come from the environment", () => {
  const { config, warnings } = load(
    [
      'storage_service:',
      '  ca_bundle: /etc/ssl/minio.pem',
      '  s3:',
      '    region: us-west-1',
      '    bucket: registry-blobs',
      '    accesskey: AKIAEXAMPLE',
      '    regionendpoint: minio.internal:9000',
      '    rootdirectory: /harbor/',
      '    secure: false',
      '    forcepathstyle: true',
      '    multipartcopythresholdsize: 64M',
      '    encrypt: true',
      '  redirect:',
      '    disable: false',
    ].join('\n'),
    { BERTH_STORAGE_SERVICE_S3_SECRETKEY: 'from-env' },
  );
  expect(config.storage_service.s3).toEqual({
    region: 'us-west-1',
    bucket: 'registry-blobs',
    accesskey: 'AKIAEXAMPLE',
    secretkey: 'from-env',
    regionendpoint: 'minio.internal:9000',
    rootdirectory: 'harbor',
    secure: false,
    v4auth: true,
    chunksize: 10 * 1024 * 1024,
    multipartcopychunksize: 32 * 1024 * 1024,
    multipartcopymaxconcurrency: 100,
    multipartcopythresholdsize: 64 * 1024 * 1024,
    forcepathstyle: true,
  });
  expect(config.storage_service.redirect.disable).toBe(false);
  expect(warnings).toEqual(['harbor.yml: storage_service.s3.encrypt: not a key Berth knows; ignored']);
});

test('a wrong value names its key and what it expects; the secret key is never shown', () => {
  const problems = problemsOf(
    [
      'storage_service:',
      '  s3:',
      '    region: us-east-1',
      '    bucket: Bad_Bucket',
      '    secretkey: hunter2-very-secret',
      '    chunksize: 1M',
      '    v4auth: false',
    ].join('\n'),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      'harbor.yml: storage_service.s3.bucket: the bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, got "Bad_Bucket"',
      'harbor.yml: storage_service.s3.chunksize: the size of each multipart upload part: a size in bytes or such as 10M, from 5 MiB to 5 GiB, got "1M"',
      'harbor.yml: storage_service.s3.v4auth: true: requests are signed with AWS Signature Version 4, the only signing Berth speaks, got false',
    ]),
  );
  expect(problems.join('\n')).not.toContain('hunter2');
  expect(problemsOf('storage_service:\n  s3:\n    region: r\n    bucket: ok-bucket\n    secretkey: hunter2-very-secret\n')).toEqual([
    'harbor.yml: storage_service.s3.accesskey: accesskey and secretkey go together: give both, or neither to use the environment, got nothing',
  ]);
  expect(problemsOf('storage_service:\n  s3:\n    bucket: ok-bucket\n')).toEqual([
    "harbor.yml: storage_service.s3.region: the bucket's region, such as us-east-1 (any name for most S3-compatible servers), got nothing",
  ]);
});
