/**
 * How deeply a JSON text nests, found by one pass over its bytes before anything parses it.
 * JSON.parse copes with any depth, but what walks the result afterwards (validation, zod,
 * JSON.stringify) recurses, and a 2 MB text of "[[[[..." becomes a million-object graph: a
 * cheap scan refuses such a text before either happens.
 */

/** Far deeper than any request body or manifest Berth accepts (theirs stop at 5 or 6). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether UTF-8 JSON bytes nest arrays and objects deeper than `max`. Brackets inside strings
 * do not count; bytes of multi-byte UTF-8 characters are all >= 0x80, so they never look like
 * a quote or a bracket. The text need not be valid JSON: the parser judges that afterwards.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
