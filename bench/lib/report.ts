/** The printed table: one row per measurement, Berth beside the reference, with the ratio. */

export interface Row {
  workload: string;
  berth: number | string;
  reference: number | string;
  /** The ratio Berth / reference that the row aims for (higher is better). */
  target?: number;
  /** The most Berth's figure may be (lower is better), whatever the reference's. */
  limit?: number;
}

const show = (v: number | string) => (typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v.toFixed(2)) : v);

export function formatTable(rows: Row[]): string {
  const lines = [['workload', 'berth', 'distribution', 'ratio', 'target']];
  for (const row of rows) {
    const ratio = typeof row.berth === 'number' && typeof row.reference === 'number' && row.reference > 0 ? row.berth / row.reference : null;
    const mark = ratio !== null && row.target !== undefined ? (ratio >= row.target ? ' ok' : ' MISSED') : '';
    const limit = row.limit === undefined || typeof row.berth !== 'number' ? '' : `<= ${row.limit}${row.berth <= row.limit ? ' ok' : ' MISSED'}`;
    lines.push([row.workload, show(row.berth), show(row.reference), ratio === null ? '' : `${ratio.toFixed(2)}x`, row.target ? `>= ${row.target}x${mark}` : limit]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
