/**
 * JSON text made elsewhere (by the database), put into a response as it is. A list of 5,000 tags
 * built as objects and serialized again cost more CPU than the rest of the request; the database
 * writes that text in one pass instead, and the response splices it where the value stands.
 *
 * Node has no JSON.rawJSON for arrays, so each RawJson serializes to a marker string that cannot
 * occur in other data (a per-process random part), and the markers are replaced afterwards.
 *
 * The text may be held as UTF-8 bytes with a digest of them: a text kept between requests (the
 * inline tags' cache) is then written to the response as it is, never spliced into a string,
 * encoded, copied into one buffer or hashed for the ETag again (for 5,000 tags, 860 kB each time,
 * that was most of a request's CPU, and its garbage).
 */
import { createHash, randomBytes } from 'node:crypto';

const MARK = `\u0001raw-json:${randomBytes(8).toString('hex')}:`;
// JSON.stringify writes the control character as \u0001.
const MARKED = new RegExp(`"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(\\d+)"`, 'g');

/** The RawJson values met during the current serialization (serialization is synchronous). */
let pending: RawJson[] | null = null;

export class RawJson {
  /**
   * `text`: JSON text, or its UTF-8 bytes. `digest`: a digest of the bytes, for a text sent many
   * times (the response's ETag uses it instead of hashing the bytes).
   */
  constructor(
    readonly text: string | Buffer,
    readonly digest?: string,
  ) {}

  toJSON(): unknown {
    // Serialized some other way (res.json), it is still right, just not fast.
    if (!pending) return JSON.parse(this.text.toString()) as unknown;
    pending.push(this);
    return `${MARK}${pending.length - 1}`;
  }
}

/** JSON.stringify with markers, and the RawJson values they stand for. */
function marked(value: unknown): { json: string; raws: RawJson[] } {
  const raws: RawJson[] = [];
  pending = raws;
  try {
    return { json: JSON.stringify(value), raws };
  } finally {
    pending = null;
  }
}

/** JSON.stringify, with each RawJson written as its text. */
export function stringifyWithRaw(value: unknown): string {
  const { json, raws } = marked(value);
  return raws.length === 0 ? json : json.replace(MARKED, (_, i: string) => raws[Number(i)]!.text.toString());
}

/** A response body in parts, to be written one after the other. */
export interface RawJsonBody {
  parts: Buffer[];
  length: number;
  /** A weak ETag that changes whenever the bytes do. */
  etag: string;
}

/** stringifyWithRaw as UTF-8 parts: the RawJson bytes are written as they are, never decoded or copied. */
export function bodyWithRaw(value: unknown): RawJsonBody {
  const { json, raws } = marked(value);
  const parts: Buffer[] = [];
  const hash = createHash('sha1');
  const add = (part: Buffer, digest?: string) => {
    parts.push(part);
    hash.update(digest === undefined ? part : `\u0000${digest}\u0000`);
  };
  let from = 0;
  for (const match of json.matchAll(MARKED)) {
    add(Buffer.from(json.slice(from, match.index)));
    const { text, digest } = raws[Number(match[1])]!;
    add(typeof text === 'string' ? Buffer.from(text) : text, digest);
    from = match.index + match[0].length;
  }
  add(Buffer.from(json.slice(from)));
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return { parts, length, etag: `W/"${length.toString(16)}-${hash.digest('base64').slice(0, 27)}"` };
}
