// How numbers and values read in the report's tables and captions.
import type { OptionValue } from './records';

/** Integers with thousands separators; other numbers to 4 significant digits (exponent form when tiny or huge). */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** A fraction in [0, 1] as a percentage with two decimals. */
export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(2)} %` : String(v);
}

/** Seconds as `850 ms`, `12.3 s` or `4 min 05 s`. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const min = Math.floor(s / 60);
  const rest = Math.round(s - min * 60);
  return `${min} min ${String(rest).padStart(2, '0')} s`;
}

export function formatOption(v: OptionValue): string {
  if (v === null) return 'none';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** `lr=0.001, betas=0.9` from an options record. */
export function formatOptions(options: Record<string, OptionValue> | undefined): string {
  if (options === undefined) return '';
  return Object.entries(options).map(([k, v]) => `${k}=${formatOption(v)}`).join(', ');
}
