// Names shared by the raw JetStream baseline's processes.
export const KINDS = ["insight", "content", "export"] as const;
export const RUNS_STREAM = "BASE_RUNS";
export const RESULTS_STREAM = "BASE_RESULTS";
