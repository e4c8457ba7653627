// One place that turns a step's config into the provider or target that runs it, with secrets
// resolved and rate limits shared by everything that talks to the same service.
import { createLocalContentProvider } from "./content/local-content";
import { PermanentProviderError } from "./errors";
import { createFileSink } from "./export/file-sink";
import { createHubspotTarget } from "./export/hubspot";
import { createWebhookTarget } from "./export/webhook";
import { failingProvider, failingTarget, missingSecret } from "./failing";
import { createLocalInsightProvider, type SignalSource } from "./insight/local-insight";
import { createFileSignalSource } from "./insight/signal-files";
import { createLlmProvider } from "./llm/llm-provider";
import {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from "./rate-limit/rate-limiter";
import { withRateLimit } from "./rate-limit/with-rate-limit";
import type { AiKind, AiProvider, ExportTarget, ExportTargetConfig } from "./types";

export interface LlmSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per HTTP call; default: the step's timeoutMs. */
  timeoutMs?: number;
  responseFormat?: "json_object" | "json_schema";
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
  const signals = options.signals ?? createFileSignalSource(options.dataDir);
  const insight = createLocalInsightProvider({ signals });
  const content = createLocalContentProvider();

  // Built on first use: a service that never sees an "llm" step never creates a client.
  const llmProviders: { insight?: AiProvider<"insight">; content?: AiProvider<"content"> } = {};
  const llm = <K extends AiKind>(kind: K): AiProvider<K> => {
    const settings = options.llm;
    if (!settings) {
      const message = `this step uses the "llm" provider, but the ${kind} service has no LLM configured (set STUDIO_LLM_BASE_URL and STUDIO_LLM_MODEL)`;
      return failingProvider(kind, new PermanentProviderError("provider_error", message));
    }
    const shared = limiter("llm", settings.baseUrl);
    llmProviders.insight ??= withRateLimit(
      createLlmProvider("insight", { ...settings, signals }),
      shared,
    );
    llmProviders.content ??= withRateLimit(createLlmProvider("content", settings), shared);
    return llmProviders[kind] as unknown as AiProvider<K>;
  };

  return {
    ai<K extends AiKind>(kind: K, provider: "local" | "llm" = "local"): AiProvider<K> {
      if (provider === "llm") return llm(kind);
      return (kind === "insight" ? insight : content) as unknown as AiProvider<K>;
    },
    exportTarget(target) {
      switch (target.type) {
        case "file":
          return createFileSink(
            target.name
              ? { dataDir: options.dataDir, name: target.name }
              : { dataDir: options.dataDir },
          );
        case "webhook": {
          const secret = target.secretRef ? options.secrets(target.secretRef) : undefined;
          if (target.secretRef && !secret)
            return failingTarget(
              "webhook",
              missingSecret(target.secretRef, "webhook signing secret"),
            );
          const webhook = createWebhookTarget({
            url: target.url,
            ...(secret ? { secret } : {}),
            ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}),
          });
          return withRateLimit(webhook, limiter("webhook", new URL(target.url).origin));
        }
        case "hubspot": {
          const token = options.secrets(target.tokenRef);
          if (!token)
            return failingTarget(
              "hubspot",
              missingSecret(target.tokenRef, "HubSpot private app token"),
            );
          const hubspot = createHubspotTarget({
            token,
            tokenRef: target.tokenRef,
            mode: target.mode,
            ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
            ...(target.properties ? { properties: target.properties } : {}),
          });
          // One HubSpot account per token: its limits are shared by every step using it.
          return withRateLimit(hubspot, limiter("hubspot", target.tokenRef));
        }
      }
    },
  };
}
