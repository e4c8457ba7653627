// Prospect upserts: each input validated on its own (a bad row is refused with its number, the
// rest goes on), matched by email then CRM id, and sent as prospects.upsert commands of ≤ 500.
import {
  type Command,
  CrmSystems,
  type Prospect,
  ProspectInputSchema,
  type ProspectUpsertResponse,
} from "@studio/contracts";
import type { Principal } from "../auth/tokens";
import type { OutgoingCommand } from "../commands/publish";
import { toFieldErrors } from "../errors/problems";
import { msgIdOf } from "../http/respond";
import type { RequestContext } from "../idempotency/requests";
import type { CampaignView } from "../views/campaign-view";
import { prospectIdFor } from "./ids";

export const UPSERT_CHUNK = 500;
/** Bus messages stay well under NATS's 1 MB payload limit. */
const CHUNK_BYTES = 512 * 1024;
const PROSPECT_BYTES = 128 * 1024;

export interface NumberedInput {
  row: number;
  input: unknown;
}

export function planUpsert(
  view: CampaignView,
  inputs: NumberedInput[],
): { prospects: Prospect[]; answer: ProspectUpsertResponse } {
  const answer: ProspectUpsertResponse = { created: 0, updated: 0, items: [], refused: [] };
  const byId = new Map<string, Prospect>();
  for (const { row, input } of inputs) {
    const parsed = ProspectInputSchema.safeParse(input);
    if (!parsed.success) {
      const errors = toFieldErrors(parsed.error.issues);
      answer.refused.push({
        row,
        reason: errors.map((e) => `${e.path || "prospect"}: ${e.message}`).join("; "),
        errors,
      });
      continue;
    }
    const p = parsed.data;
    if (JSON.stringify(p).length > PROSPECT_BYTES) {
      answer.refused.push({ row, reason: `prospect: larger than ${PROSPECT_BYTES} bytes` });
      continue;
    }
    const existing =
      (p.email === undefined ? undefined : view.byEmailAddress(p.email)) ??
      CrmSystems.map((sys) => {
        const rid = p.crm?.[sys];
        return rid === undefined ? undefined : view.byCrmId(sys, rid);
      }).find((r) => r !== undefined);
    const id = existing?.prospect.id ?? prospectIdFor(p.email ?? p.linkedinUrl ?? "");
    const seen = byId.get(id);
    // The same person twice in one import: later columns win, earlier ones are kept.
    byId.set(id, seen === undefined ? { ...p, id } : mergeInputs(seen, { ...p, id }));
    if (seen !== undefined) continue;
    if (existing !== undefined) answer.updated++;
    else answer.created++;
    answer.items.push(p.email === undefined ? { id } : { id, email: p.email });
  }
  return { prospects: [...byId.values()], answer };
}

function mergeInputs(a: Prospect, b: Prospect): Prospect {
  return {
    ...a,
    ...b,
    ...(a.crm || b.crm ? { crm: { ...a.crm, ...b.crm } } : {}),
    ...(a.fields || b.fields ? { fields: { ...a.fields, ...b.fields } } : {}),
  };
}

export function upsertCommands(
  view: CampaignView,
  ctx: RequestContext,
  principal: Principal,
  prospects: Prospect[],
): OutgoingCommand[] {
  const at = new Date().toISOString();
  const out: OutgoingCommand[] = [];
  let chunk: Prospect[] = [];
  let bytes = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const commandId = msgIdOf(ctx, `chunk${out.length}`);
    const command: Command = {
      type: "prospects.upsert",
      commandId,
      workspaceId: principal.workspaceId,
      campaignId: view.campaignId,
      campaignVersion: view.campaign.version,
      by: principal.userId,
      at,
      prospects: chunk,
    };
    out.push({ command, msgId: commandId });
    chunk = [];
    bytes = 0;
  };
  for (const p of prospects) {
    const size = JSON.stringify(p).length;
    if (chunk.length >= UPSERT_CHUNK || bytes + size > CHUNK_BYTES) flush();
    chunk.push(p);
    bytes += size;
  }
  flush();
  return out;
}
