// The two interfaces every provider implements: AI steps generate an output, export targets
// deliver a payload. Implementations live in their own folders; workers only see these.
import type {
  ContentOutput,
  ExportTarget as ExportTargetConfig,
  Inputs,
  InsightOutput,
  Output,
  Step,
  Usage,
} from "@studio/contracts";

export type AiKind = "insight" | "content";

export interface OutputByKind {
  insight: InsightOutput;
  content: ContentOutput;
}

/** The step of one kind, with its kind's config. */
export type StepOf<K extends AiKind> = Extract<Step, { kind: K }>;

export interface GenerateRequest<K extends AiKind> {
  kind: K;
  step: StepOf<K>;
  inputs: Inputs;
  runId: string;
  /** 1-based attempt of this run. */
  attempt: number;
  /** Where the run belongs; the local insight provider reads the campaign's signals with it. */
  workspaceId?: string;
  campaignId?: string;
}

export interface GenerateResult<K extends AiKind> {
  output: OutputByKind[K];
  usage?: Usage;
}

export interface AiProvider<K extends AiKind> {
  readonly kind: K;
  /** Resolves with an output valid against the kind's schema, or rejects with a provider error. */
  generate(request: GenerateRequest<K>, signal: AbortSignal): Promise<GenerateResult<K>>;
}

/** What an export step delivers: the prospect and the outputs of the steps it needs. */
export interface ExportPayload {
  workspaceId: string;
  campaignId: string;
  prospectId: string;
  stepId: string;
  runId: string;
  prospect: Record<string, unknown>;
  /** Upstream outputs by step id (an edited output counts as the output). */
  outputs: Record<string, Output>;
}

export interface DeliveryResult {
  /** The receiver's id for what was created (HubSpot note id, file location, …). */
  externalId?: string;
}

export interface ExportTarget {
  /** `file`, `webhook` or `hubspot`: the `target` of the step's ExportOutput. */
  readonly type: ExportTargetConfig["type"];
  /** Names the endpoint (e.g. `webhook:<url>`): a target that answered 410 is disabled by it. */
  readonly identity?: string;
  /**
   * Delivers once per call; the caller's ledger decides whether to call again. The key is
   * passed along (webhook-id, note body) so the receiver can deduplicate as well (rule 18).
   */
  deliver(
    payload: ExportPayload,
    idempotencyKey: string,
    signal: AbortSignal,
  ): Promise<DeliveryResult>;
}

export type { ExportTargetConfig };
