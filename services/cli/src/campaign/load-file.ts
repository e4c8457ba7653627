// Reads a campaign definition from JSON or YAML and validates it with the API's own schema.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { CampaignCreateBodySchema } from "@studio/contracts";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { CliError, UsageError } from "../errors";

/** The file as the gateway will see it, defaults (needs, config) filled in. */
export type CampaignFile = z.output<typeof CampaignCreateBodySchema>;

const FORMATS = { ".json": "json", ".yaml": "yaml", ".yml": "yaml" } as const;

function formatOf(command: string, file: string): "json" | "yaml" {
  const ext = extname(file).toLowerCase();
  if (ext in FORMATS) return FORMATS[ext as keyof typeof FORMATS];
  throw new UsageError(`${file}: expected a .json, .yaml or .yml file`, command);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code;
    throw new CliError(`cannot read ${file}: ${why ?? String(e)}`, [], { cause: e });
  }
}

function parseText(file: string, format: "json" | "yaml", text: string): unknown {
  try {
    return format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new CliError(`${file} is not valid ${format.toUpperCase()}`, [msg], { cause: e });
  }
}

/** Field path as the API prints it: `steps.1.needs.0`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".") || "(file)";
}

export async function loadCampaignFile(command: string, file: string): Promise<CampaignFile> {
  const format = formatOf(command, file);
  const data = parseText(file, format, await readText(file));
  const parsed = CampaignCreateBodySchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`);
    throw new CliError(`${file} is not a valid campaign:`, lines);
  }
  if (parsed.data.id === undefined) {
    throw new CliError(`${file} is not a valid campaign:`, [
      "id: required, so that apply can find the campaign again",
    ]);
  }
  return parsed.data;
}
