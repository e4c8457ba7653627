// Every stream, consumer, bucket, subject and key of the bus contract (ARCHITECTURE §3).
// Nothing outside this package writes one of these strings by hand.

export const Streams = {
  commands: "STUDIO_COMMANDS",
  runs: "STUDIO_RUNS",
  results: "STUDIO_RESULTS",
} as const;
export type StreamName = (typeof Streams)[keyof typeof Streams];

export const Buckets = {
  rows: "studio_rows",
  campaigns: "studio_campaigns",
  prospects: "studio_prospects",
  tokens: "studio_tokens",
  exports: "studio_exports",
  history: "studio_history",
  requests: "studio_requests",
  signals: "studio_signals",
} as const;
export type BucketName = (typeof Buckets)[keyof typeof Buckets];

export const StepKinds = ["insight", "content", "export"] as const;
export type StepKind = (typeof StepKinds)[number];

/** Durable consumer names: one per reader, shared by all replicas of that reader. */
export const Consumers = {
  orchestratorCommands: "orchestrator-commands",
  orchestratorResults: "orchestrator-results",
  worker: (kind: StepKind) => `worker-${kind}`,
} as const;

export const Subjects = {
  command: (workspaceId: string, campaignId: string) => `studio.cmd.${workspaceId}.${campaignId}`,
  commandsAll: "studio.cmd.>",
  run: (kind: StepKind) => `studio.run.${kind}`,
  runsAll: "studio.run.>",
  result: (workspaceId: string, campaignId: string) => `studio.result.${workspaceId}.${campaignId}`,
  resultsAll: "studio.result.>",
} as const;

/** KV keys. Ids are validated as URL-safe (`[A-Za-z0-9_-]`), so they are valid key tokens. */
export const Keys = {
  row: (workspaceId: string, campaignId: string, prospectId: string) =>
    `${workspaceId}.${campaignId}.${prospectId}`,
  rowsOfCampaign: (workspaceId: string, campaignId: string) => `${workspaceId}.${campaignId}.>`,
  campaign: (workspaceId: string, campaignId: string) => `${workspaceId}.${campaignId}`,
  campaignsOfWorkspace: (workspaceId: string) => `${workspaceId}.*`,
  /** Lookup: CRM record id → prospect id. `system` is hubspot | salesforce | pipedrive. */
  crmLookup: (workspaceId: string, campaignId: string, system: string, recordId: string) =>
    `${workspaceId}.${campaignId}.crm_${system}_${recordId}`,
  token: (tokenHash: string) => tokenHash,
  exportLedger: (idempotencyKey: string) => idempotencyKey,
  history: (
    workspaceId: string,
    campaignId: string,
    prospectId: string,
    stepId: string,
    runId: string,
  ) => `${workspaceId}.${campaignId}.${prospectId}.${stepId}.${runId}`,
  historyOfCell: (workspaceId: string, campaignId: string, prospectId: string, stepId: string) =>
    `${workspaceId}.${campaignId}.${prospectId}.${stepId}.>`,
  request: (workspaceId: string, requestIdHash: string) => `${workspaceId}.${requestIdHash}`,
  signals: (workspaceId: string, campaignId: string) => `${workspaceId}.${campaignId}`,
} as const;

/** Parse a row key back into its ids (the event stream reads keys from the change feed). */
export function parseRowKey(
  key: string,
): { workspaceId: string; campaignId: string; prospectId: string } | undefined {
  const parts = key.split(".");
  if (parts.length !== 3) return undefined;
  const [workspaceId, campaignId, prospectId] = parts as [string, string, string];
  return { workspaceId, campaignId, prospectId };
}

/** Message headers every bus message carries besides `Nats-Msg-Id`. */
export const Headers = {
  requestId: "Studio-Request-Id",
  traceparent: "traceparent",
} as const;
