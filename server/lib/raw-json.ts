/**
 * JSON text made elsewhere (by the database), put into a response as it is. A list of 5,000 tags
 * built as objects and serialized again cost more CPU than the rest of the request; the database
 * writes that text in one pass instead, and stringifyWithRaw splices it where the value stands.
 *
 * Node has no JSON.rawJSON for arrays, so each RawJson serializes to a marker string that cannot
 * occur in other data (a per-process random part), and the markers are replaced afterwards.
 */
import { randomBytes } from 'node:crypto';

const MARK = `\u0001raw-json:${randomBytes(8).toString('hex')}:`;
// JSON.stringify writes the control character as \u0001.
const MARKED = new RegExp(`"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(\\d+)"`, 'g');

/** The texts of the RawJson values met during the current stringifyWithRaw (serialization is synchronous). */
let pending: string[] | null = null;

export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    // Serialized some other way (res.json), it is still right, just not fast.
    if (!pending) return JSON.parse(this.text) as unknown;
    pending.push(this.text);
    return `${MARK}${pending.length - 1}`;
  }
}

/** JSON.stringify, with each RawJson written as its text. */
export function stringifyWithRaw(value: unknown): string {
  const texts: string[] = [];
  pending = texts;
  try {
    const json = JSON.stringify(value);
    return texts.length === 0 ? json : json.replace(MARKED, (_, i: string) => texts[Number(i)]!);
  } finally {
    pending = null;
  }
}
