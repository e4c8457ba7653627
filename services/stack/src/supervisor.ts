// Runs each service as its own process (the same entry point `pnpm --filter … start` uses),
// logs to files under the data dir, and stops them all together.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

export interface ServiceSpec {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
}

export interface Supervisor {
  /** Rejects when any service exits before stop() was called. */
  readonly crashed: Promise<never>;
  stop(): Promise<void>;
}

export function superviseServices(root: string, logDir: string, specs: ServiceSpec[]): Supervisor {
  const children: Array<{ name: string; child: ChildProcess }> = [];
  let stopping = false;
  let onCrash: (err: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    onCrash = reject;
  });
  crashed.catch(() => undefined);
  for (const spec of specs) {
    const log = createWriteStream(path.join(logDir, `${spec.name}.log`), { flags: "a" });
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, spec.entry)], {
      cwd: root,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once("exit", (code, signal) => {
      if (!stopping)
        onCrash(new Error(`${spec.name} exited (code ${code}, signal ${signal}); see ${log.path}`));
    });
    children.push({ name: spec.name, child });
  }
  return {
    crashed,
    async stop() {
      stopping = true;
      await Promise.all(children.map(({ child }) => stopChild(child)));
    },
  };
}

export async function stopChild(child: ChildProcess, graceMs = 8_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
