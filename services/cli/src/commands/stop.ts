// `stop CAMPAIGN [--step S]`: cancels queued and running cells in bulk (SPEC rule 14).
import { parseCommandArgs, positional } from "../args";
import type { Command } from "../command";
import { gatewayHelp, gatewayOptions, withGateway } from "../gateway";

const NAME = "stop";

const options = { ...gatewayOptions, step: { type: "string" } } as const;

export const stop: Command = {
  name: NAME,
  summary: "cancel queued and running cells of a campaign",
  help: `Usage: pnpm studio stop CAMPAIGN [--step STEP] [options]

Cancels every queued and running cell of the campaign, or of one step, and
prints how many were canceled.

Options:
  --step STEP   only this step (column)

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(NAME, argv, options, ["CAMPAIGN"]);
    const campaign = positional(positionals, 0);
    const body = values.step === undefined ? {} : { stepId: values.step };
    const res = await withGateway(NAME, values, ctx, (client) => client.stop(campaign, body));
    ctx.io.out(`canceled ${res.canceled}`);
    return 0;
  },
};
