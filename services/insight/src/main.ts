// The insight service: `pnpm --filter @studio/insight start`.
import { runStepService } from "@studio/step-runner";
import { createInsightExecutor } from "./executor";
import { createKvSignalSource } from "./kv-signals";

await runStepService("insight", ({ providers }) => createInsightExecutor(providers), {
  signals: async ({ bus, log }) => (await createKvSignalSource(bus, log)).source,
});
