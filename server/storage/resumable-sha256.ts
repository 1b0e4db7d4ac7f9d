/**
 * SHA-256 whose running state can be saved and loaded: an upload in object storage keeps the
 * hash of its bytes so far beside its parts, and whichever process takes the next chunk loads it
 * and goes on, without reading back bytes that S3 cannot even serve before the multipart upload
 * completes. Node's crypto cannot export a hash's state; hash-wasm (WebAssembly) can.
 */
import { createSHA256, type IHasher } from 'hash-wasm';

/** Marks a saved state as ours (and its format), ahead of hash-wasm's own state bytes. */
const MAGIC = Buffer.from('berth-sha256-1:');

export class ResumableSha256 {
  private constructor(private readonly hasher: IHasher) {}

  /** A hash of nothing yet. */
  static async create(): Promise<ResumableSha256> {
    const hasher = await createSHA256();
    hasher.init();
    return new ResumableSha256(hasher);
  }

  /** Goes on from a state `save()` gave; throws on anything else. */
  static async load(state: Buffer): Promise<ResumableSha256> {
    if (state.length <= MAGIC.length || !state.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a saved SHA-256 state');
    const hasher = await createSHA256();
    try {
      hasher.load(state.subarray(MAGIC.length));
    } catch (err) {
      throw new Error('not a saved SHA-256 state', { cause: err });
    }
    return new ResumableSha256(hasher);
  }

  update(data: Uint8Array): this {
    this.hasher.update(data);
    return this;
  }

  save(): Buffer {
    return Buffer.concat([MAGIC, this.hasher.save()]);
  }

  /** The digest of what was hashed, in hex; the state stays usable (hash-wasm's digest ends it, so a copy is finished). */
  async hex(): Promise<string> {
    return (await ResumableSha256.load(this.save())).hasher.digest('hex');
  }
}
