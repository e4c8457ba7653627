// Summarises a V8 .cpuprofile (`node --cpu-prof`): top self-time functions and time per package.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

function where(url: string): string {
  if (url === "") return "(native)";
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  const ours = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith("node:")) return "node";
  return path.basename(url);
}

export function latestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  // tsx's loader thread writes its own small profile: the main thread's is the big one.
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

export function summarizeProfile(file: string, top = 15): string {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const total = p.samples.length;
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let idle = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)") {
      idle += hits;
      continue;
    }
    const name = `${functionName || "(anonymous)"} ${url ? `${where(url)}:${path.basename(url)}:${lineNumber + 1}` : ""}`;
    byFn.set(name, (byFn.get(name) ?? 0) + hits);
    const pkg = functionName === "(garbage collector)" ? "(gc)" : where(url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + hits);
  }
  const busy = total - idle;
  const secs = (p.endTime - p.startTime) / 1e6;
  const pct = (h: number) => `${((100 * h) / Math.max(1, busy)).toFixed(1)}%`.padStart(6);
  const lines = [
    `profile ${path.basename(file)}: ${secs.toFixed(1)} s, busy ${((100 * busy) / Math.max(1, total)).toFixed(0)}% of samples`,
    "top self time (share of busy samples):",
  ];
  for (const [name, h] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(h)}  ${name}`);
  lines.push("by package:");
  for (const [name, h] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 12))
    lines.push(`  ${pct(h)}  ${name}`);
  return lines.join("\n");
}
