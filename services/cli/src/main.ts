// Entry point of `pnpm studio`: wires the process (argv, stdio, signals, env) to runCli.
import { runCli } from "./cli";
import { readConfig } from "./config";

const controller = new AbortController();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second Ctrl-C leaves at once, whatever is still pending.
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  });
}

let config: ReturnType<typeof readConfig> | undefined;
const code = await runCli(process.argv.slice(2), {
  io: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  config: () => {
    config ??= readConfig();
    return config;
  },
  signal: controller.signal,
});
process.exitCode = code;
// Exit on our own once done, even if a library left a handle open (e.g. a NATS reconnect loop).
setTimeout(() => process.exit(code), 200).unref();
