/**
 * Harbor's repository and tag patterns (doublestar globs) for the rule form's preview:
 * `*` any characters but `/`, `**` any path (a whole segment: zero or more of them), `?` one
 * character but `/`, `[abc]` / `[!abc]` a class, `{a,b}` either, `\` escapes the next character.
 */

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function translate(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[i + 1]!);
      i += 2;
    } else if (c === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const slashAfter = pattern[i + 2] === '/';
      const atEnd = i + 2 === pattern.length;
      if (atStart && slashAfter) {
        out += '(?:.*/)?';
        i += 3;
      } else if (atStart && atEnd && i > 0) {
        // "a/**" also matches "a" itself.
        out = `${out.slice(0, -1)}(?:/.*)?`;
        i += 2;
      } else {
        out += '.*';
        i += 2;
      }
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        i++;
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`;
      i = close + 1;
    } else if (c === '{') {
      let depth = 0;
      let close = -1;
      for (let j = i; j < pattern.length; j++) {
        if (pattern[j] === '{') depth++;
        else if (pattern[j] === '}' && --depth === 0) {
          close = j;
          break;
        }
      }
      if (close < 0) {
        out += '\\{';
        i++;
        continue;
      }
      out += `(?:${splitAlternatives(pattern.slice(i + 1, close)).map(translate).join('|')})`;
      i = close + 1;
    } else {
      out += escape(c);
      i++;
    }
  }
  return out;
}

/** Splits "a,{b,c},d" at its top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '{') depth++;
    else if (body[j] === '}') depth--;
    else if (body[j] === ',' && depth === 0) {
      parts.push(body.slice(start, j));
      start = j + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** A matcher for one pattern; an empty pattern matches everything, as an absent filter does. */
export function globMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.trim()) return () => true;
  const regex = new RegExp(`^${translate(pattern.trim())}$`);
  return (name) => regex.test(name);
}

/**
 * The longest run of plain characters every match must contain, for a server-side "contains"
 * query: text inside {alternatives} and [classes] is optional, so it does not count.
 */
export function literalPart(pattern: string): string {
  let plain = pattern;
  // Innermost groups first, until none is left.
  for (let before = ''; before !== plain; ) {
    before = plain;
    plain = plain.replace(/\{[^{}]*\}/g, '\0').replace(/\[[^\]]*\]/g, '\0');
  }
  return plain.split(/[*?\\\0{}[\]]+/).reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}
