// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
import * as C from "@studio/contracts";
import { z } from "zod";

interface Op {
  method: "get" | "post" | "patch";
  path: string;
  summary: string;
  body?: string;
  csv?: boolean;
  query?: string;
  status: number;
  response?: string;
  stream?: boolean;
}

const schemas: Record<string, z.ZodType> = {
  Condition: C.ConditionSchema,
  Step: C.StepSchema,
  Campaign: C.CampaignSchema,
  Prospect: C.ProspectSchema,
  ProspectInput: C.ProspectInputSchema,
  ProspectPatch: C.ProspectPatchSchema,
  Cell: C.CellSchema,
  Run: C.RunSchema,
  Problem: C.ProblemSchema,
  MeResponse: C.MeResponseSchema,
  CampaignCreateBody: C.CampaignCreateBodySchema,
  CampaignList: C.CampaignListSchema,
  StepPatchBody: C.StepPatchBodySchema,
  StepPatchResponse: C.StepPatchResponseSchema,
  ProspectUpsertBody: C.ProspectUpsertBodySchema,
  ProspectUpsertResponse: C.ProspectUpsertResponseSchema,
  ProspectListQuery: C.ProspectListQuerySchema,
  ProspectListResponse: C.ProspectListResponseSchema,
  SummaryResponse: C.SummaryResponseSchema,
  CellWithHistory: C.CellWithHistorySchema,
  CellCommandBody: C.CellCommandBodySchema,
  CellAnswer: C.CellAnswerSchema,
  CellEditBody: C.CellEditBodySchema,
  BulkRunBody: C.BulkRunBodySchema,
  BulkRunResponse: C.BulkRunResponseSchema,
  BulkStopBody: C.BulkStopBodySchema,
  BulkStopResponse: C.BulkStopResponseSchema,
  SignalImportBody: C.SignalImportBodySchema,
  SignalImportResponse: C.SignalImportResponseSchema,
  SignalSet: C.SignalSetSchema,
};

const cellPath = "/v1/campaigns/{c}/prospects/{p}/cells/{s}";
const ops: Op[] = [
  {
    method: "get",
    path: "/v1/me",
    summary: "Who the token is",
    status: 200,
    response: "MeResponse",
  },
  {
    method: "post",
    path: "/v1/campaigns",
    summary: "Create a campaign",
    body: "CampaignCreateBody",
    status: 201,
    response: "Campaign",
  },
  {
    method: "get",
    path: "/v1/campaigns",
    summary: "List campaigns",
    status: 200,
    response: "CampaignList",
  },
  {
    method: "get",
    path: "/v1/campaigns/{c}",
    summary: "One campaign",
    status: 200,
    response: "Campaign",
  },
  {
    method: "patch",
    path: "/v1/campaigns/{c}/steps/{s}",
    summary: "Change a step (Auto-Pilot switch, config, runIf…); rules 8 and 16",
    body: "StepPatchBody",
    status: 200,
    response: "StepPatchResponse",
  },
  {
    method: "post",
    path: "/v1/campaigns/{c}/prospects",
    summary:
      "Upsert prospects (JSON, or text/csv with a header row). Refused rows: `row` is the item index (JSON) or the file line (CSV)",
    body: "ProspectUpsertBody",
    csv: true,
    status: 200,
    response: "ProspectUpsertResponse",
  },
  {
    method: "post",
    path: "/v1/campaigns/{c}/signals",
    summary:
      "Import the campaign's insight signals (JSON, or text/csv with a header row): replaces the set; bad rows are refused with their number",
    body: "SignalImportBody",
    csv: true,
    status: 200,
    response: "SignalImportResponse",
  },
  {
    method: "get",
    path: "/v1/campaigns/{c}/signals",
    summary: "The campaign's insight signals",
    status: 200,
    response: "SignalSet",
  },
  {
    method: "get",
    path: "/v1/campaigns/{c}/prospects",
    summary: "Rows with their cells; email / CRM-id lookups, state filters, cursor paging",
    query: "ProspectListQuery",
    status: 200,
    response: "ProspectListResponse",
  },
  {
    method: "patch",
    path: "/v1/campaigns/{c}/prospects/{p}",
    summary: "Edit prospect fields (rule 13)",
    body: "ProspectPatch",
    status: 200,
  },
  {
    method: "get",
    path: "/v1/campaigns/{c}/summary",
    summary: "Counts per step and state",
    status: 200,
    response: "SummaryResponse",
  },
  {
    method: "get",
    path: cellPath,
    summary: "One cell with its run history",
    status: 200,
    response: "CellWithHistory",
  },
  {
    method: "post",
    path: `${cellPath}/run`,
    summary: "Click to Run (ready, skipped); 409 otherwise",
    body: "CellCommandBody",
    status: 202,
    response: "CellAnswer",
  },
  {
    method: "post",
    path: `${cellPath}/rerun`,
    summary: "Run Again (done, failed, stale); 409 otherwise",
    body: "CellCommandBody",
    status: 202,
    response: "CellAnswer",
  },
  {
    method: "post",
    path: `${cellPath}/cancel`,
    summary: "Cancel (queued, running); 409 otherwise",
    body: "CellCommandBody",
    status: 202,
    response: "CellAnswer",
  },
  {
    method: "patch",
    path: cellPath,
    summary: "Edit output or inputs (rules 9, 10)",
    body: "CellEditBody",
    status: 200,
    response: "CellAnswer",
  },
  {
    method: "post",
    path: "/v1/campaigns/{c}/runs",
    summary: "Bulk run (rule 15)",
    body: "BulkRunBody",
    status: 202,
    response: "BulkRunResponse",
  },
  {
    method: "post",
    path: "/v1/campaigns/{c}/stop",
    summary: "Bulk stop (rule 14)",
    body: "BulkStopBody",
    status: 202,
    response: "BulkStopResponse",
  },
  {
    method: "get",
    path: "/v1/campaigns/{c}/events",
    summary:
      "Live events (SSE): `cell`, `prospect`, `step`, `campaign`, `reset`; `id:` is monotonic, resume with Last-Event-ID; `?token=` accepted",
    status: 200,
    stream: true,
  },
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
    io: "input",
  });
  const cleaned: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
    cleaned[id] = rest;
  }
  return cleaned;
}

function operation(op: Op): Record<string, unknown> {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
  }));
  const headers =
    op.method === "get"
      ? []
      : [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            schema: { type: "string", maxLength: 200 },
          },
        ];
  const query =
    op.query === undefined
      ? []
      : [{ name: "query", in: "query", style: "form", explode: true, schema: ref(op.query) }];
  const content: Record<string, unknown> = {};
  if (op.body !== undefined) content["application/json"] = { schema: ref(op.body) };
  if (op.csv === true) content["text/csv"] = { schema: { type: "string" } };
  const ok =
    op.stream === true
      ? {
          description: "Server-Sent Events",
          content: { "text/event-stream": { schema: { type: "string" } } },
        }
      : {
          description: "OK",
          content: {
            "application/json": { schema: op.response === undefined ? {} : ref(op.response) },
          },
        };
  return {
    summary: op.summary,
    security: [{ bearer: [] }],
    parameters: [...params, ...query, ...headers],
    ...(op.body === undefined
      ? {}
      : {
          requestBody: { required: op.method !== "post" || !op.body.startsWith("Cell"), content },
        }),
    responses: {
      [op.status]: ok,
      "400": problem("Malformed JSON or schema violation (with field paths)"),
      "401": problem("Missing or unknown token"),
      "404": problem("Not found (also: another workspace's object)"),
      "409": problem("Refused state transition; detail names the blocking state"),
      "413": problem("Body over the limit"),
      "415": problem("Wrong content type"),
      "429": problem("Rate limited; see Retry-After"),
      "503": problem("The message bus is unavailable"),
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const entry = paths[op.path] ?? {};
    entry[op.method] = operation(op);
    paths[op.path] = entry;
  }
  const plain = (summary: string) => ({
    get: { summary, responses: { "200": { description: "OK" } } },
  });
  paths["/healthz"] = plain("Liveness");
  paths["/readyz"] = plain("Readiness: bus reachable, streams present (503 otherwise)");
  paths["/metrics"] = plain("Prometheus metrics");
  paths["/demo/crm"] = plain("Demo CRM contacts list (HTML)");
  return {
    openapi: "3.1.0",
    info: {
      title: "Prospect Studio gateway",
      version: "1.0.0",
      description: "Cells of outbound campaigns, inside the CRM. See API.md.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: components(),
    },
    paths,
  };
}
