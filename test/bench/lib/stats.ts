// Percentiles, medians and number formatting shared by the benches.

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "p50 1.2 ms, p90 …, p99 …, max …" of a list of milliseconds. */
export function distribution(values: readonly number[], digits = 1): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (q: number) => percentile(s, q).toFixed(digits);
  return `p50 ${f(0.5)} ms, p90 ${f(0.9)} ms, p99 ${f(0.99)} ms, max ${f(1)} ms (n=${s.length})`;
}

export function quantiles(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(s, 0.5),
    p90: percentile(s, 0.9),
    p99: percentile(s, 0.99),
    max: percentile(s, 1),
    n: s.length,
  };
}

export const int = (n: number) => Math.round(n).toLocaleString("en-US");

export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (m) out[m[1] as string] = m[2] ?? "true";
  }
  return out;
}
