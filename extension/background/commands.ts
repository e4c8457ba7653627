// Answers the views' requests: every gateway call goes through `call`, so an unreachable
// gateway is reported as "offline" (never a silent drop) and refusals carry the gateway's words.
import { isNetworkError, isStudioApiError, type StudioClient } from "@studio/client";
import type { BackgroundProtocol } from "../shared/protocol";
import { backgroundMessenger } from "../shared/protocol";
import { type CommandResult, fail, ok } from "../shared/results";
import { activeCampaignItem, gatewayUrlItem, tokenItem } from "../shared/settings";
import { clientFor, getClient } from "./gateway";
import type { Hub } from "./hub";

export function toResult<T>(e: unknown): CommandResult<T> {
  if (isNetworkError(e))
    return fail({ kind: "offline", message: "The gateway is unreachable; nothing was sent." });
  if (isStudioApiError(e)) {
    return fail({
      kind: "refused",
      status: e.status,
      message: e.detail,
      ...(e.code ? { code: e.code } : {}),
      ...(e.errors ? { errors: e.errors } : {}),
    });
  }
  return fail({ kind: "error", message: e instanceof Error ? e.message : String(e) });
}

export function registerCommands(hub: Hub, reloadCampaigns: () => Promise<void>) {
  async function call<T>(fn: (c: StudioClient) => Promise<T>): Promise<CommandResult<T>> {
    const client = await getClient();
    if (!client)
      return fail({ kind: "unconfigured", message: "Set the gateway URL and token in Options." });
    try {
      const value = await fn(client);
      if (hub.connection.state === "offline") hub.reconnectAll();
      return ok(value);
    } catch (e) {
      if (isNetworkError(e)) {
        hub.setConnection({ state: "offline", message: "the gateway is unreachable" });
        hub.reconnectAll();
      }
      return toResult(e);
    }
  }

  const handlers: {
    [K in keyof BackgroundProtocol]: (
      d: Parameters<BackgroundProtocol[K]>[0],
    ) => Promise<ReturnType<BackgroundProtocol[K]>>;
  } = {
    async cellCommand(d) {
      const ref = {
        campaignId: d.campaignId,
        prospectId: d.prospectId,
        stepId: d.stepId,
        requestId: d.requestId,
      };
      const r = await call((c) => c[d.verb](ref));
      if (r.ok) hub.live(d.campaignId)?.applyCell(r.value.cell);
      return r;
    },
    getCell: (d) => call((c) => c.getCell(d)),
    async editCell(d) {
      const r = await call((c) => c.editCell(d));
      if (r.ok) hub.live(d.campaignId)?.applyCell(r.value.cell);
      return r;
    },
    async addProspect(d) {
      const r = await call((c) =>
        c.upsertProspects(d.campaignId, { prospects: [d.prospect], requestId: d.requestId }),
      );
      if (r.ok && d.prospect.email) {
        // Show the new row at once instead of waiting for its events.
        const rows = await call((c) => c.listProspects(d.campaignId, { email: d.prospect.email }));
        if (rows.ok) hub.live(d.campaignId)?.applyRows(rows.value.items);
      }
      return r;
    },
    bulkRun: (d) => call((c) => c.bulkRun(d.campaignId, d.body)),
    stop: (d) =>
      call((c) =>
        c.stop(d.campaignId, { requestId: d.requestId, ...(d.stepId ? { stepId: d.stepId } : {}) }),
      ),
    patchStep: (d) => call((c) => c.patchStep(d.campaignId, d.stepId, d.body)),
    async setActiveCampaign(d) {
      await activeCampaignItem.setValue(d.campaignId);
      await reloadCampaigns();
      return ok(true as const);
    },
    async checkSettings(d) {
      const url = d.gatewayUrl.trim().replace(/\/+$/, "");
      try {
        new URL(url);
      } catch {
        return fail({ kind: "refused", message: "The gateway URL is not a valid URL." });
      }
      try {
        const me = await clientFor(url, d.token.trim()).me();
        if (d.save) {
          await gatewayUrlItem.setValue(url);
          await tokenItem.setValue(d.token.trim());
          hub.closeAll();
          await reloadCampaigns();
        }
        return ok(me);
      } catch (e) {
        return toResult(e);
      }
    },
  };

  for (const key of Object.keys(handlers) as Array<keyof BackgroundProtocol>) {
    // biome-ignore lint/suspicious/noExplicitAny: one registration loop over a typed handler table
    backgroundMessenger.onMessage(key, (m: any) => (handlers[key] as any)(m.data));
  }
  return handlers;
}
