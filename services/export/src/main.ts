// The export service: `pnpm --filter @studio/export start`.
import { runStepService } from "@studio/step-runner";
import { createExportExecutor } from "./executor";

await runStepService("export", ({ bus, providers }) => createExportExecutor(bus, providers));
