// `campaign apply FILE`: creates the campaign of a JSON/YAML file, or brings its steps in line.
import { isStudioApiError, type StudioClient } from "@studio/client";
import type { Campaign } from "@studio/contracts";
import { parseCommandArgs, positional } from "../args";
import { type CampaignFile, loadCampaignFile } from "../campaign/load-file";
import { planApply } from "../campaign/plan";
import type { Command, Io } from "../command";
import { CliError } from "../errors";
import { gatewayHelp, gatewayOptions, withGateway } from "../gateway";

const NAME = "campaign apply";

const options = {
  ...gatewayOptions,
  "no-run-existing": { type: "boolean" },
} as const;

async function findCampaign(client: StudioClient, id: string): Promise<Campaign | undefined> {
  try {
    return await client.getCampaign(id);
  } catch (e) {
    if (isStudioApiError(e) && e.status === 404) return undefined;
    throw e;
  }
}

async function update(
  client: StudioClient,
  io: Io,
  file: CampaignFile,
  current: Campaign,
  runExisting: boolean,
): Promise<void> {
  const plan = planApply(file, current);
  if (!plan.ok) {
    throw new CliError(`campaign ${current.id} exists and its steps cannot be changed this way:`, [
      ...plan.problems,
      "apply only changes name, autoRun, runIf, retry, timeoutMs and config of existing steps;",
      "create a campaign with a new id for a different step layout",
    ]);
  }
  for (const note of plan.notes) io.err(`note: ${note}`);
  if (plan.changes.length === 0) {
    io.out(`campaign ${current.id} is up to date`);
    return;
  }
  for (const change of plan.changes) {
    const body =
      change.patch.autoRun === undefined ? change.patch : { ...change.patch, runExisting };
    const res = await client.patchStep(current.id, change.stepId, body);
    const queued = res.queued > 0 ? `, ${res.queued} queued` : "";
    io.out(`updated step ${change.stepId}: ${change.fields.join(", ")}${queued}`);
  }
  io.out(`campaign ${current.id} updated (${plan.changes.length} step(s) changed)`);
}

export const campaignApply: Command = {
  name: NAME,
  summary: "create or update a campaign from a JSON/YAML file",
  help: `Usage: pnpm studio campaign apply FILE.(json|yaml|yml) [options]

Validates the file (the body of POST /v1/campaigns, with an "id"), then:
  - creates the campaign if no campaign has that id;
  - otherwise changes the steps whose name, autoRun, runIf, retry, timeoutMs or
    config differ (PATCH /v1/campaigns/ID/steps/STEP).
Adding, removing or reordering steps, or changing a step's kind or needs, of an
existing campaign is refused: create a campaign with a new id instead.

Options:
  --no-run-existing  when a step becomes Auto-Pilot, do not queue the rows already ready

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(NAME, argv, options, ["FILE"]);
    const file = await loadCampaignFile(NAME, positional(positionals, 0));
    const id = file.id ?? "";
    await withGateway(NAME, values, ctx, async (client) => {
      const current = await findCampaign(client, id);
      if (current) {
        await update(client, ctx.io, file, current, values["no-run-existing"] !== true);
        return;
      }
      const created = await client.createCampaign({ ...file, id });
      ctx.io.out(`created campaign ${created.id} (${created.steps.length} steps)`);
    });
    return 0;
  },
};
