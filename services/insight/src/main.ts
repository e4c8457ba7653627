// The insight service: `pnpm --filter @studio/insight start`.
import { runStepService } from "@studio/step-runner";
import { createInsightExecutor } from "./executor";

await runStepService("insight", ({ providers }) => createInsightExecutor(providers));
