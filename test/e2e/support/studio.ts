// Test data through the real API: an e2e campaign over the demo CRM's prospects.
import { createStudioClient, type StudioClient } from "@studio/client";
import type { Campaign, CampaignCreateBody, Prospect } from "@studio/contracts";

/** The campaign the e2e suite and the P7 bench run: insights on Auto-Pilot, email and export on Co-Pilot. */
export const E2E_STEPS: CampaignCreateBody["steps"] = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: true, config: {} },
  { id: "content", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
  {
    id: "export",
    name: "Export",
    kind: "export",
    needs: ["content"],
    autoRun: false,
    config: { target: { type: "file" } },
  },
];

export async function createE2eCampaign(
  api: StudioClient,
  extra: Array<{
    email: string;
    firstName?: string;
    lastName?: string;
    crm?: Prospect["crm"];
  }> = [],
): Promise<{ campaign: Campaign; prospects: Prospect[] }> {
  const demo = await api.listProspects("demo-campaign", { limit: 500 });
  const campaign = await api.createCampaign({
    name: `E2E ${Date.now()}`,
    steps: E2E_STEPS,
  });
  const prospects = demo.items.map((r) => r.prospect);
  await api.upsertProspects(campaign.id, {
    prospects: [...prospects.map(({ id: _id, crm: _crm, ...p }) => p), ...extra],
  });
  return { campaign, prospects };
}

export function apiClient(baseUrl: string, token: string): StudioClient {
  return createStudioClient({ baseUrl, token });
}

export async function until<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}
