// Reading a campaign's signals (dated news, funding, hiring, job changes, tech stack keyed by
// company domain) from CSV or JSON, with a readable error per bad row.
import { type Signal, SignalSchema } from "@studio/contracts";
import type { z } from "zod";
import { readCsv } from "./csv";

export {
  normalizeDomain,
  type Signal,
  type SignalInput,
  type SignalKind,
  SignalKinds,
  SignalSchema,
} from "@studio/contracts";

export interface SignalRowError {
  /** CSV: the line number in the file (header = 1). JSON: the 1-based position in the array. */
  row: number;
  message: string;
}

export interface ParsedSignals {
  signals: Signal[];
  errors: SignalRowError[];
}

const describe = (error: z.ZodError) =>
  error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");

/**
 * Reads a signals file: a JSON array of objects, or CSV with a header row naming the fields.
 * A bad row is reported with its number and skipped; the good rows are kept.
 */
export function parseSignals(text: string): ParsedSignals {
  const trimmed = text.trim();
  if (trimmed === "") return { signals: [], errors: [] };
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) return parseJson(trimmed);
  return parseCsv(trimmed);
}

function collect(rows: { row: number; value: unknown }[]): ParsedSignals {
  const out: ParsedSignals = { signals: [], errors: [] };
  for (const { row, value } of rows) {
    const parsed = SignalSchema.safeParse(value);
    if (parsed.success) out.signals.push(parsed.data);
    else out.errors.push({ row, message: describe(parsed.error) });
  }
  return out;
}

function parseJson(text: string): ParsedSignals {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { signals: [], errors: [{ row: 0, message: `not valid JSON: ${String(err)}` }] };
  }
  if (!Array.isArray(data)) {
    return { signals: [], errors: [{ row: 0, message: "expected a JSON array of signals" }] };
  }
  return collect(data.map((value, i) => ({ row: i + 1, value })));
}

function parseCsv(text: string): ParsedSignals {
  const [header, ...rows] = readCsv(text);
  if (!header) return { signals: [], errors: [] };
  const names = header.cells.map((c) => c.trim());
  const known = new Set<string>(Object.keys(SignalSchema.shape));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const message = `unknown column(s) ${unknown.join(", ")}; expected ${[...known].join(", ")}`;
    return { signals: [], errors: [{ row: header.line, message }] };
  }
  return collect(
    rows.map(({ line, cells }) => {
      const value: Record<string, string> = {};
      names.forEach((name, i) => {
        const cell = cells[i]?.trim();
        // An empty optional cell means "absent", not "empty string" (sourceUrl, detail).
        if (cell !== undefined && cell !== "") value[name] = cell;
      });
      return { row: line, value };
    }),
  );
}
