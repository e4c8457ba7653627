// Children of a test run (nats-servers, service processes) die with it, even when the test
// process itself is killed or crashes and never runs its afterAll hooks. A small detached
// watchdog holds the pids it is given; when its stdin closes (the test process is gone, however
// it ended) it SIGKILLs the ones still adopted.
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";

const WATCHDOG = `
const pids = new Set();
let buf = "";
process.stdin.on("data", (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf("\\n")) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    const pid = Number(line.slice(1));
    if (line[0] === "+") pids.add(pid);
    else pids.delete(pid);
  }
});
process.stdin.on("close", () => {
  for (const pid of pids) {
    try { process.kill(pid, "SIGKILL"); } catch {}
  }
  process.exit(0);
});
`;

let watchdog: ChildProcess | undefined;

function send(line: string): void {
  if (watchdog === undefined) {
    watchdog = spawn(process.execPath, ["-e", WATCHDOG], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    });
    watchdog.unref();
    // The pipe must not keep the test process alive either.
    (watchdog.stdin as Socket | null)?.unref();
    watchdog.stdin?.on("error", () => undefined);
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Kills `child` if this process goes away first; forgotten again when the child exits. */
export function adopt(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  send(`+${pid}`);
  child.once("exit", () => send(`-${pid}`));
}
