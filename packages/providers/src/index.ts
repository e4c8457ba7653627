// Public surface of @studio/providers: AI providers and export targets behind two small
// interfaces, their errors, rate limiting, and the registry services build them from.

export { checkTemplate, createLocalContentProvider } from "./content/local-content";
export { DefaultTemplates } from "./content/templates";
export * from "./errors";
export {
  createFileSink,
  exportFilePath,
  type FileExportLine,
  type FileSinkOptions,
} from "./export/file-sink";
export {
  createHubspotTarget,
  HUBSPOT_DEFAULT_BASE_URL,
  type HubspotTargetOptions,
} from "./export/hubspot";
export { noteReference } from "./export/hubspot-format";
export { exportPayloadOf } from "./export/payload";
export {
  createWebhookTarget,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_EVENT_TYPE,
  type WebhookTargetOptions,
} from "./export/webhook";
export { demoSignalDomains, demoSignals } from "./insight/demo-signals";
export {
  createLocalInsightProvider,
  DEFAULT_MAX_INSIGHTS,
  type LocalInsightOptions,
  type SignalSource,
} from "./insight/local-insight";
export { createFileSignalSource, signalFilePaths } from "./insight/signal-files";
export {
  normalizeDomain,
  type ParsedSignals,
  parseSignals,
  type Signal,
  type SignalInput,
  type SignalKind,
  SignalKinds,
  type SignalRowError,
  SignalSchema,
} from "./insight/signals";
export { createLlmProvider, type LlmProviderOptions } from "./llm/llm-provider";
export * from "./rate-limit";
export {
  createProviders,
  DEFAULT_LIMITS,
  type LimitedService,
  type LlmSettings,
  type Providers,
  type ProvidersOptions,
} from "./registry";
export { parseRetryAfter } from "./support/retry-after";
export type {
  AiKind,
  AiProvider,
  DeliveryResult,
  ExportPayload,
  ExportTarget,
  ExportTargetConfig,
  GenerateRequest,
  GenerateResult,
  OutputByKind,
  StepOf,
} from "./types";
