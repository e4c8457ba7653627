// The machine line every bench prints: CPU model, cores, load, Node and nats-server versions.
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

let cached: string | undefined;

export function natsServerVersion(): string {
  try {
    return execFileSync("nats-server", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "nats-server: not found";
  }
}

export function machineLine(): string {
  if (cached === undefined) {
    const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
    cached = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${natsServerVersion()}`;
  }
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `machine: ${cached}; load average ${load}`;
}

export function printMachine(): void {
  console.log(machineLine());
}
