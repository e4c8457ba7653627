// Seeds the demo workspace through the public API, the same path any client takes.
import { DEMO_CAMPAIGN_ID, demoCampaign, demoProspects } from "@studio/admin";
import { createStudioClient, StudioApiError } from "@studio/client";
import { demoSignals } from "@studio/providers";

export async function seedDemo(baseUrl: string, token: string): Promise<void> {
  const client = createStudioClient({ baseUrl, token });
  try {
    await client.getCampaign(DEMO_CAMPAIGN_ID);
  } catch (err) {
    if (!(err instanceof StudioApiError) || err.status !== 404) throw err;
    await client.createCampaign(demoCampaign);
  }
  // Upserts are matched by email, so seeding again on an existing data dir changes nothing.
  await client.importSignals(DEMO_CAMPAIGN_ID, { signals: [...demoSignals] });
  await client.upsertProspects(DEMO_CAMPAIGN_ID, { prospects: demoProspects() });
}
