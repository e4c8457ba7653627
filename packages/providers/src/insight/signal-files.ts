// Where a campaign's signals live on disk: `<dataDir>/signals/<workspaceId>/<campaignId>.json`
// (or `.csv`). Campaigns without a file get the demo signals, so the demo works out of the box.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { IdSchema } from "@studio/contracts";
import { demoSignals } from "./demo-signals";
import type { SignalSource } from "./local-insight";
import { parseSignals, type Signal } from "./signals";

export function signalFilePaths(
  dataDir: string,
  workspaceId: string,
  campaignId: string,
): string[] {
  const base = join(dataDir, "signals", workspaceId, campaignId);
  return [`${base}.json`, `${base}.csv`];
}

/** Reads the campaign's file again only when it changed (workers run many prospects per file). */
export function createFileSignalSource(dataDir: string): SignalSource {
  const cache = new Map<string, { mtimeMs: number; signals: readonly Signal[] }>();
  return async ({ workspaceId, campaignId }) => {
    if (!workspaceId || !campaignId) return demoSignals;
    if (!IdSchema.safeParse(workspaceId).success || !IdSchema.safeParse(campaignId).success) {
      return demoSignals;
    }
    for (const path of signalFilePaths(dataDir, workspaceId, campaignId)) {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const hit = cache.get(path);
      if (hit && hit.mtimeMs === info.mtimeMs) return hit.signals;
      // Bad rows were reported when the file was uploaded (parseSignals); here they are skipped.
      const { signals } = parseSignals(await readFile(path, "utf8"));
      cache.set(path, { mtimeMs: info.mtimeMs, signals });
      return signals;
    }
    return demoSignals;
  };
}
