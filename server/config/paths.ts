/**
 * Where Berth keeps its files under data_volume:
 *
 *   <data_volume>/
 *     database/berth.db            the embedded SQLite database (unless database.path says otherwise)
 *     registry/                    the blob store (its own layout: server/storage/paths.ts)
 *     secret/
 *       core/private_key.pem       RSA key that signs registry tokens          (mode 0600)
 *       registry/root.crt          its self-signed certificate, for verifiers
 *       keys/secretkey             key that encrypts stored credentials        (mode 0600)
 *     log/                         component logs (unless log.local.location says otherwise)
 *     job_logs/<task id>.log       one job task's log (removed with its execution)
 */
import path from 'node:path';

export function dataLayout(dataVolume: string) {
  const secret = path.join(dataVolume, 'secret');
  return {
    registry: path.join(dataVolume, 'registry'),
    jobLogs: path.join(dataVolume, 'job_logs'),
    secret,
    tokenKey: path.join(secret, 'core', 'private_key.pem'),
    tokenCert: path.join(secret, 'registry', 'root.crt'),
    secretKey: path.join(secret, 'keys', 'secretkey'),
  };
}

export type DataLayout = ReturnType<typeof dataLayout>;
