/** Parsers for the size and duration notations harbor.yml uses (200M, 168h). */

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** '200M' -> 209715200; a plain number is bytes. Returns null when the text is not a size. */
export function parseByteSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  const match = /^\s*(\d+)\s*([bkmg]?)b?\s*$/i.exec(value);
  if (!match) return null;
  const bytes = Number(match[1]) * (SIZE_UNITS[match[2]!.toLowerCase()] ?? 1);
  return bytes > 0 ? bytes : null;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '24h' -> 86400000 (milliseconds); '1h30m' works too. Returns null when not a duration. */
export function parseDuration(value: string): number | null {
  const text = value.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * DURATION_UNITS[unit!]!;
  }
  return total;
}
