// The default insight provider: deterministic rules over prospect fields and the campaign's
// signals, with no network (SPEC §3).
import { InsightOutputSchema } from "@studio/contracts";
import { abortError, PermanentProviderError } from "../errors";
import type { AiProvider, GenerateRequest } from "../types";
import { readProfile } from "./profile";
import { rankInsights } from "./rules";
import type { Signal } from "./signals";

/** The signals of the campaign a run belongs to. */
export type SignalSource = (scope: {
  workspaceId?: string;
  campaignId?: string;
}) => readonly Signal[] | Promise<readonly Signal[]>;

export interface LocalInsightOptions {
  signals: SignalSource;
  /**
   * "Now" for recency. Default: the newest signal's date, so the same signals file and
   * prospect always rank the same, whatever day the run happens.
   */
  asOf?: Date;
}

export const DEFAULT_MAX_INSIGHTS = 3;

export function createLocalInsightProvider(options: LocalInsightOptions): AiProvider<"insight"> {
  return {
    kind: "insight",
    async generate(request: GenerateRequest<"insight">, signal: AbortSignal) {
      if (signal.aborted) throw abortError(signal);
      const scope: { workspaceId?: string; campaignId?: string } = {};
      if (request.workspaceId) scope.workspaceId = request.workspaceId;
      if (request.campaignId) scope.campaignId = request.campaignId;
      const signals = await options.signals(scope);
      const asOf =
        options.asOf?.getTime() ?? signals.reduce((max, s) => Math.max(max, Date.parse(s.date)), 0);
      const config = request.step.config;
      const focus = [config.prompt, request.inputs.instructions].filter(Boolean).join("\n");
      const output = rankInsights(readProfile(request.inputs.prospect), signals, {
        maxInsights: config.maxInsights ?? DEFAULT_MAX_INSIGHTS,
        focus,
        asOf,
      });
      const parsed = InsightOutputSchema.safeParse(output);
      if (!parsed.success) {
        throw new PermanentProviderError(
          "invalid_output",
          `local insight rules produced an invalid output: ${parsed.error.message}`,
        );
      }
      return { output: parsed.data };
    },
  };
}
