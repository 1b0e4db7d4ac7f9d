/**
 * Row ids are 32-bit integers on PostgreSQL (SQLite would take more): a number past that range
 * names no row, and sent to PostgreSQL it is an error rather than "not found". Every id read
 * from a request is checked here first.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** A whole number that could be a row id (1 to MAX_ROW_ID). */
export const isRowId = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_ROW_ID;

/** The id a decimal string names, or undefined when it names none. */
export function rowIdOf(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return isRowId(n) ? n : undefined;
}
