// Typed client for every gateway endpoint of API.md (used by the extension, the CLI and tests).
import type {
  BulkRunBody,
  BulkRunResponse,
  Campaign,
  CampaignCreateBody,
  Cell,
  CellEditBody,
  CellState,
  CellWithHistory,
  MeResponse,
  Prospect,
  ProspectInput,
  ProspectListResponse,
  ProspectPatch,
  ProspectUpsertResponse,
  SignalImportResponse,
  SignalInput,
  SignalSet,
  Step,
  StepPatchBody,
  SummaryResponse,
} from "@studio/contracts";
import { NetworkError, problemFromResponse } from "./errors";
import {
  type EventStreamHandle,
  type EventStreamOptions,
  openEventStreamWith,
} from "./event-stream";

export type StudioClientOptions = {
  /** Gateway origin, e.g. `http://127.0.0.1:8787` (a trailing slash is fine). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Per-request timeout in ms (not applied to the event stream). Default 15000. */
  timeoutMs?: number;
};

export type WithRequestId = { requestId?: string };

export type ListProspectsQuery = {
  email?: string | string[];
  crm?: {
    hubspot?: string | string[];
    salesforce?: string | string[];
    pipedrive?: string | string[];
  };
  state?: CellState;
  step?: string;
  cursor?: string;
  limit?: number;
};

export type CellRef = { campaignId: string; prospectId: string; stepId: string };

const enc = encodeURIComponent;

export function createStudioClient(options: StudioClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function request<T>(
    method: string,
    path: string,
    init: {
      body?: unknown;
      text?: string;
      contentType?: string;
      requestId?: string | undefined;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      accept: "application/json",
    };
    let body: string | undefined;
    if (init.text !== undefined) {
      body = init.text;
      headers["content-type"] = init.contentType ?? "text/plain";
    } else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] = "application/json";
    }
    if (init.requestId) headers["idempotency-key"] = init.requestId;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { method, headers, body, signal: ctrl.signal });
    } catch (e) {
      throw new NetworkError(
        ctrl.signal.aborted
          ? `gateway did not answer within ${timeoutMs} ms`
          : "gateway unreachable",
        { cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw await problemFromResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const cellPath = (r: CellRef) =>
    `/v1/campaigns/${enc(r.campaignId)}/prospects/${enc(r.prospectId)}/cells/${enc(r.stepId)}`;

  const cellCommand = (verb: "run" | "rerun" | "cancel") => (ref: CellRef & WithRequestId) =>
    request<{ cell: Cell }>("POST", `${cellPath(ref)}/${verb}`, {
      body: ref.requestId ? { requestId: ref.requestId } : {},
      requestId: ref.requestId,
    });

  return {
    baseUrl: base,
    me: () => request<MeResponse>("GET", "/v1/me"),

    listCampaigns: () => request<{ items: Campaign[] }>("GET", "/v1/campaigns"),
    getCampaign: (campaignId: string) =>
      request<Campaign>("GET", `/v1/campaigns/${enc(campaignId)}`),
    createCampaign: (body: CampaignCreateBody) =>
      request<Campaign>("POST", "/v1/campaigns", { body, requestId: body.requestId }),
    patchStep: (campaignId: string, stepId: string, body: StepPatchBody) =>
      request<{ step: Step; queued: number }>(
        "PATCH",
        `/v1/campaigns/${enc(campaignId)}/steps/${enc(stepId)}`,
        { body, requestId: body.requestId },
      ),

    /** Upsert prospects as JSON (`{ prospects }`) or as CSV text with a header row. */
    upsertProspects: (
      campaignId: string,
      input:
        | { prospects: ProspectInput[]; requestId?: string }
        | { csv: string; requestId?: string },
    ) => {
      const path = `/v1/campaigns/${enc(campaignId)}/prospects`;
      return "csv" in input
        ? request<ProspectUpsertResponse>("POST", path, {
            text: input.csv,
            contentType: "text/csv",
            requestId: input.requestId,
          })
        : request<ProspectUpsertResponse>("POST", path, {
            body: input.requestId
              ? { prospects: input.prospects, requestId: input.requestId }
              : { prospects: input.prospects },
            requestId: input.requestId,
          });
    },
    listProspects: (campaignId: string, q: ListProspectsQuery = {}) => {
      const params = new URLSearchParams();
      const list = (v: string | string[]) => (Array.isArray(v) ? v.join(",") : v);
      if (q.email !== undefined) params.set("email", list(q.email));
      for (const sys of ["hubspot", "salesforce", "pipedrive"] as const) {
        const v = q.crm?.[sys];
        if (v !== undefined) params.set(`crm.${sys}`, list(v));
      }
      if (q.state) params.set("state", q.state);
      if (q.step) params.set("step", q.step);
      if (q.cursor) params.set("cursor", q.cursor);
      if (q.limit !== undefined) params.set("limit", String(q.limit));
      const qs = params.toString();
      return request<ProspectListResponse>(
        "GET",
        `/v1/campaigns/${enc(campaignId)}/prospects${qs ? `?${qs}` : ""}`,
      );
    },
    patchProspect: (campaignId: string, prospectId: string, patch: ProspectPatch & WithRequestId) =>
      request<{ prospect: Prospect }>(
        "PATCH",
        `/v1/campaigns/${enc(campaignId)}/prospects/${enc(prospectId)}`,
        { body: patch, requestId: patch.requestId },
      ),
    summary: (campaignId: string) =>
      request<SummaryResponse>("GET", `/v1/campaigns/${enc(campaignId)}/summary`),

    /** Replace the campaign's insight signals: JSON items or CSV text with a header row. */
    importSignals: (
      campaignId: string,
      input: { signals: SignalInput[]; requestId?: string } | { csv: string; requestId?: string },
    ) => {
      const path = `/v1/campaigns/${enc(campaignId)}/signals`;
      return "csv" in input
        ? request<SignalImportResponse>("POST", path, {
            text: input.csv,
            contentType: "text/csv",
            requestId: input.requestId,
          })
        : request<SignalImportResponse>("POST", path, {
            body: { signals: input.signals },
            requestId: input.requestId,
          });
    },
    getSignals: (campaignId: string) =>
      request<SignalSet>("GET", `/v1/campaigns/${enc(campaignId)}/signals`),

    getCell: (ref: CellRef) => request<CellWithHistory>("GET", cellPath(ref)),
    /** Click to Run (ready, skipped, canceled). */
    run: cellCommand("run"),
    /** Run Again (done, failed, stale). */
    rerun: cellCommand("rerun"),
    cancel: cellCommand("cancel"),
    editCell: (ref: CellRef & Omit<CellEditBody, "requestId"> & WithRequestId) => {
      const { campaignId: _c, prospectId: _p, stepId: _s, ...body } = ref;
      return request<{ cell: Cell }>("PATCH", cellPath(ref), { body, requestId: ref.requestId });
    },
    bulkRun: (campaignId: string, body: BulkRunBody) =>
      request<BulkRunResponse>("POST", `/v1/campaigns/${enc(campaignId)}/runs`, {
        body,
        requestId: body.requestId,
      }),
    stop: (campaignId: string, body: { stepId?: string } & WithRequestId = {}) =>
      request<{ canceled: number }>("POST", `/v1/campaigns/${enc(campaignId)}/stop`, {
        body,
        requestId: body.requestId,
      }),

    /** Live events of one campaign; see `EventStreamOptions`. */
    openEventStream: (campaignId: string, opts: EventStreamOptions): EventStreamHandle =>
      openEventStreamWith(
        {
          url: `${base}/v1/campaigns/${enc(campaignId)}/events`,
          token: options.token,
          fetch: doFetch,
        },
        opts,
      ),
  };
}

export type StudioClient = ReturnType<typeof createStudioClient>;
