// The content service: `pnpm --filter @studio/content start`.
import { runStepService } from "@studio/step-runner";
import { createContentExecutor } from "./executor";

await runStepService("content", ({ providers }) => createContentExecutor(providers));
