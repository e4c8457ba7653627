// Runs an existing bench program (the gateway's, the extension's) as a child process with the
// machine line around it, streaming its output.
import { spawn } from "node:child_process";
import path from "node:path";
import { printMachine } from "./machine";
import { ROOT } from "./procs";

export async function wrap(
  label: string,
  file: string,
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; output: string }> {
  printMachine();
  console.log(`${label}: ${path.relative(ROOT, file)} ${argv.join(" ")}`);
  const child = spawn(process.execPath, ["--import", "tsx", file, ...argv], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    process.stdout.write(d);
  });
  const code = await new Promise<number>((r) => child.once("exit", (c) => r(c ?? 1)));
  printMachine();
  return { code, output };
}
