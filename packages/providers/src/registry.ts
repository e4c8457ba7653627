// One place that turns a step's config into the provider or target that runs it, with secrets
// resolved and rate limits shared by everything that talks to the same service.
import { createLocalContentProvider } from "./content/local-content";
import { PermanentProviderError } from "./errors";
import { createFileSink } from "./export/file-sink";
import { failingProvider, failingTarget } from "./failing";
import { createLocalInsightProvider, type SignalSource } from "./insight/local-insight";
import { createFileSignalSource } from "./insight/signal-files";
import {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from "./rate-limit/rate-limiter";
import type { AiKind, AiProvider, ExportTarget, ExportTargetConfig } from "./types";

export interface LlmSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

export type LimitedService = "llm" | "webhook" | "hubspot";

export interface ProvidersOptions {
  dataDir: string;
  llm?: LlmSettings;
  /** Value of STUDIO_SECRET_<name>, read by the service's config. */
  secrets: (name: string) => string | undefined;
  limits?: Partial<Record<LimitedService, RateLimiterOptions>>;
  /** Where the local insight provider finds a campaign's signals; default: files in dataDir. */
  signals?: SignalSource;
}

export interface Providers {
  ai<K extends AiKind>(kind: K, provider?: "local" | "llm"): AiProvider<K>;
  exportTarget(target: ExportTargetConfig): ExportTarget;
}

/** Conservative defaults: HubSpot private apps allow ~10 requests/s; LLMs are slow and costly. */
export const DEFAULT_LIMITS: Record<LimitedService, RateLimiterOptions> = {
  llm: { ratePerSecond: 5, maxInFlight: 4 },
  webhook: { ratePerSecond: 20, maxInFlight: 8 },
  hubspot: { ratePerSecond: 9, maxInFlight: 4 },
};

export function createProviders(options: ProvidersOptions): Providers {
  const limiters = new Map<string, RateLimiter>();
  // Keyed by service and endpoint: two webhooks to different hosts do not slow each other.
  const limiter = (service: LimitedService, key: string) => {
    const id = `${service}:${key}`;
    let found = limiters.get(id);
    if (!found) {
      found = createRateLimiter(options.limits?.[service] ?? DEFAULT_LIMITS[service]);
      limiters.set(id, found);
    }
    return found;
  };
  void limiter;
  const insight = createLocalInsightProvider({
    signals: options.signals ?? createFileSignalSource(options.dataDir),
  });
  const content = createLocalContentProvider();

  return {
    ai<K extends AiKind>(kind: K, provider: "local" | "llm" = "local"): AiProvider<K> {
      if (provider === "llm") {
        return failingProvider(
          kind,
          new PermanentProviderError("provider_error", "the llm provider is not available yet"),
        );
      }
      return (kind === "insight" ? insight : content) as unknown as AiProvider<K>;
    },
    exportTarget(target) {
      if (target.type === "file") {
        return createFileSink(
          target.name
            ? { dataDir: options.dataDir, name: target.name }
            : { dataDir: options.dataDir },
        );
      }
      return failingTarget(
        target.type,
        new PermanentProviderError(
          "target_error",
          `the ${target.type} target is not available yet`,
        ),
      );
    },
  };
}
