/**
 * JSON text made elsewhere (by the database), put into a response as it is. A list of 5,000 tags
 * built as objects and serialized again cost more CPU than the rest of the request; the database
 * writes that text in one pass instead, and the response splices it where the value stands.
 *
 * Node has no JSON.rawJSON for arrays, so each RawJson serializes to a marker string that cannot
 * occur in other data (a per-process random part), and the markers are replaced afterwards.
 *
 * The text may be held as UTF-8 bytes: a text kept between requests (the inline tags' cache) is
 * then copied into the response as bytes, not spliced into a string and encoded again each time
 * (for 5,000 tags, 860 kB, that was most of a request's CPU).
 */
import { randomBytes } from 'node:crypto';

const MARK = `\u0001raw-json:${randomBytes(8).toString('hex')}:`;
// JSON.stringify writes the control character as \u0001.
const MARKED = new RegExp(`"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(\\d+)"`, 'g');

/** The RawJson values met during the current serialization (serialization is synchronous). */
let pending: RawJson[] | null = null;

export class RawJson {
  /** JSON text, or its UTF-8 bytes. */
  constructor(readonly text: string | Buffer) {}

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

/** stringifyWithRaw as UTF-8 bytes: the RawJson bytes are copied in, never decoded. */
export function serializeWithRaw(value: unknown): Buffer {
  const { json, raws } = marked(value);
  if (raws.length === 0) return Buffer.from(json);
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of json.matchAll(MARKED)) {
    parts.push(Buffer.from(json.slice(from, match.index)));
    const { text } = raws[Number(match[1])]!;
    parts.push(typeof text === 'string' ? Buffer.from(text) : text);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(json.slice(from)));
  return Buffer.concat(parts);
}
