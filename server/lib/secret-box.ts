/**
 * Encrypts stored credentials (SMTP and LDAP passwords, replication secrets) with the key that
 * `berth prepare` writes to <data_volume>/secret/keys/secretkey. AES-256-GCM; the stored form
 * is `enc:v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string | Buffer) {
    // Derive a fixed-length key, so a key file of any length (Harbor's were 16 chars) works.
    this.key = createHash('sha256').update(keyMaterial).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join(':');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed value');
    const [iv, tag, body] = sealed.slice(PREFIX.length).split(':').map((p) => Buffer.from(p, 'base64'));
    if (!iv || !tag || !body) throw new Error('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
