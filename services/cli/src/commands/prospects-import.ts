// `prospects import CAMPAIGN FILE.csv`: sends the CSV as is; the gateway matches and validates rows.
import { readFile } from "node:fs/promises";
import { parseCommandArgs, positional } from "../args";
import type { Command } from "../command";
import { CliError } from "../errors";
import { gatewayHelp, gatewayOptions, withGateway } from "../gateway";

const NAME = "prospects import";

async function readCsv(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : String(e)}`);
  }
}

export const prospectsImport: Command = {
  name: NAME,
  summary: "import (upsert) prospects from a CSV file",
  help: `Usage: pnpm studio prospects import CAMPAIGN FILE.csv [options]

Uploads a CSV file with a header row (email, firstName, lastName, title, company,
domain, linkedinUrl, phone, crm.hubspot, ...) to the campaign. Prospects are
matched by email, then by CRM id: existing ones are updated, others created.
Prints how many were created and updated, then each refused row with its number
and the reason. Exits 1 when any row was refused.

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(NAME, argv, gatewayOptions, [
      "CAMPAIGN",
      "FILE",
    ]);
    const campaign = positional(positionals, 0);
    const csv = await readCsv(positional(positionals, 1));
    if (csv.trim() === "") throw new CliError(`${positionals[1]} is empty`);
    const res = await withGateway(NAME, values, ctx, (client) =>
      client.upsertProspects(campaign, { csv }),
    );
    ctx.io.out(`created ${res.created}, updated ${res.updated}`);
    const refused = res.refused ?? [];
    for (const r of refused) {
      ctx.io.err(`row ${r.row}: ${r.reason}`);
      for (const f of r.errors ?? []) {
        const line = `${f.path}: ${f.message}`;
        if (!r.reason.includes(line)) ctx.io.err(`  ${line}`);
      }
    }
    if (refused.length > 0) {
      ctx.io.err(`${refused.length} row(s) refused`);
      return 1;
    }
    return 0;
  },
};
