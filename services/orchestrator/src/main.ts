// Starts one orchestrator replica: `pnpm --filter @studio/orchestrator start`.
import { connectBus, provisionBus } from "@studio/bus";
import { createLogger, onShutdown } from "@studio/runtime";
import { readConfig } from "./config";
import { startOrchestrator } from "./orchestrator";

const config = readConfig();
const log = createLogger("orchestrator", config.LOG_LEVEL);
const bus = await connectBus({ servers: config.NATS_URL, name: "orchestrator", log });
await provisionBus(bus);
const orchestrator = await startOrchestrator({
  bus,
  log,
  batchSize: config.STUDIO_ORCH_BATCH,
  rowConcurrency: config.STUDIO_ORCH_ROW_CONCURRENCY,
});
onShutdown(log, async () => {
  await orchestrator.stop();
  await bus.close();
});
