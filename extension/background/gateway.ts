// The gateway client built from the stored URL and token (rebuilt when they change).
import { createStudioClient, type StudioClient } from "@studio/client";
import { gatewayUrlItem, tokenItem } from "../shared/settings";

let cached: { key: string; client: StudioClient } | undefined;

export async function getClient(): Promise<StudioClient | undefined> {
  const [url, token] = await Promise.all([gatewayUrlItem.getValue(), tokenItem.getValue()]);
  if (!url || !token) return undefined;
  const key = `${url}\n${token}`;
  if (cached?.key !== key)
    cached = { key, client: createStudioClient({ baseUrl: url, token, timeoutMs: 10_000 }) };
  return cached.client;
}

export function clientFor(gatewayUrl: string, token: string): StudioClient {
  return createStudioClient({ baseUrl: gatewayUrl, token, timeoutMs: 8_000 });
}
