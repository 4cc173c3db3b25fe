// Plain-text tables for the terminal: a header, a rule, rows; text columns left-aligned and
// number columns right-aligned.

export type Cell = string | number | null | undefined;

/** `—` for a missing value, else the formatted cell. */
function text(c: Cell): string {
  return c === null || c === undefined ? '—' : String(c);
}

export function renderTable(header: string[], rows: Cell[][], numeric: boolean[] = header.map((_, i) => i > 0)): string {
  const cells = rows.map((r) => header.map((_, i) => text(r[i])));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

export function formatLoss(v: number | undefined): string | null {
  return v === undefined || Number.isNaN(v) ? null : v.toFixed(4);
}

export function formatPercent(v: number | undefined): string | null {
  return v === undefined || Number.isNaN(v) ? null : `${(100 * v).toFixed(2)}%`;
}

export function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${(s % 60).toFixed(0).padStart(2, '0')} s`;
}

export function formatRate(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}
