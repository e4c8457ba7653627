// The whole life of a step service process: config, bus, providers, worker, shutdown.
import { type Bus, connectBus, provisionBus } from "@studio/bus";
import type { StepKind } from "@studio/contracts";
import { createProviders, type Providers, type SignalSource } from "@studio/providers";
import { createLogger, type Logger, onShutdown } from "@studio/runtime";
import type { Executor } from "./execute-run";
import { readStepConfig } from "./step-config";
import { startStepService } from "./step-service";

export interface ServiceContext {
  providers: Providers;
  log: Logger;
  bus: Bus;
}

export interface RunStepServiceOptions {
  /** Where the local insight provider reads a campaign's signals (default: none). */
  signals?: (ctx: { bus: Bus; log: Logger }) => Promise<SignalSource>;
}

export async function runStepService(
  kind: StepKind,
  makeExecutor: (ctx: ServiceContext) => Promise<Executor> | Executor,
  options: RunStepServiceOptions = {},
): Promise<void> {
  const config = readStepConfig();
  const log = createLogger(kind, config.logLevel);
  const bus = await connectBus({ servers: config.natsUrl, name: kind, log });
  await provisionBus(bus);
  const signals = options.signals === undefined ? undefined : await options.signals({ bus, log });
  const providers = createProviders({
    dataDir: config.dataDir,
    ...(signals === undefined ? {} : { signals }),
    secrets: config.secret,
    limits: config.limits,
    ...(config.llm === undefined ? {} : { llm: config.llm }),
  });
  const execute = await makeExecutor({ providers, log, bus });
  const service = startStepService({ bus, kind, execute, log, concurrency: config.concurrency });
  onShutdown(log, async () => {
    await service.stop();
    await bus.close();
  });
}
