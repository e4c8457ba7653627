// `me`: who the token belongs to — the quickest check that the gateway and token work.
import { parseCommandArgs } from "../args";
import type { Command } from "../command";
import { gatewayHelp, gatewayOptions, withGateway } from "../gateway";

const NAME = "me";

export const me: Command = {
  name: NAME,
  summary: "show the user and workspace of the token",
  help: `Usage: pnpm studio me [options]

Prints the user and workspace the API token belongs to (GET /v1/me).

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(NAME, argv, gatewayOptions, []);
    const res = await withGateway(NAME, values, ctx, (client) => client.me());
    ctx.io.out(`user      ${res.user.name} (${res.user.id})`);
    ctx.io.out(`workspace ${res.workspace.name} (${res.workspace.id})`);
    return 0;
  },
};
