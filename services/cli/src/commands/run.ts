// `run CAMPAIGN --step S`: bulk Click to Run over the rows a filter selects (SPEC rule 15).
import { type BulkRunBody, BulkRunBodySchema } from "@studio/contracts";
import { parseCommandArgs, parseList, parsePositiveInt, positional } from "../args";
import type { Command } from "../command";
import { UsageError } from "../errors";
import { gatewayHelp, gatewayOptions, withGateway } from "../gateway";

const NAME = "run";

const options = {
  ...gatewayOptions,
  step: { type: "string" },
  state: { type: "string" },
  limit: { type: "string" },
  prospect: { type: "string" },
} as const;

export const run: Command = {
  name: NAME,
  summary: "run a step for many prospects at once",
  help: `Usage: pnpm studio run CAMPAIGN --step STEP [options]

Queues STEP for the campaign's prospects (POST /v1/campaigns/CAMPAIGN/runs) and
prints how many runs were accepted, then each refused prospect with the reason.

Options:
  --step STEP           the step (column) to run (required)
  --state S1,S2         only cells in these states (e.g. ready,failed)
  --limit N             at most N runs
  --prospect ID1,ID2    only these prospects

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(NAME, argv, options, ["CAMPAIGN"]);
    const campaign = positional(positionals, 0);
    if (values.step === undefined) throw new UsageError("--step is required", NAME);
    const body: BulkRunBody = { stepId: values.step };
    if (values.state !== undefined) body.states = parseList(values.state) as BulkRunBody["states"];
    if (values.prospect !== undefined) body.prospectIds = parseList(values.prospect);
    if (values.limit !== undefined) body.limit = parsePositiveInt(NAME, "limit", values.limit);
    const checked = BulkRunBodySchema.safeParse(body);
    if (!checked.success) {
      const flags: Record<string, string> = {
        stepId: "--step",
        states: "--state",
        prospectIds: "--prospect",
        limit: "--limit",
      };
      const issue = checked.error.issues[0];
      const flag = flags[String(issue?.path[0])] ?? "arguments";
      throw new UsageError(`${flag}: ${issue?.message ?? "invalid"}`, NAME);
    }
    const res = await withGateway(NAME, values, ctx, (client) =>
      client.bulkRun(campaign, checked.data),
    );
    ctx.io.out(`accepted ${res.accepted}, refused ${res.refused.length}`);
    for (const r of res.refused) ctx.io.out(`  ${r.prospectId}: ${r.reason}`);
    return 0;
  },
};
