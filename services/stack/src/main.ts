// `pnpm start`: the whole local stack in the foreground (ARCHITECTURE §7) — embedded NATS
// unless NATS_URL, every service as its own process, the demo workspace, then one line
// `ready http://HOST:PORT` and what to open.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_USER, DEMO_WORKSPACE, issueToken } from "@studio/admin";
import { connectBus, provisionBus } from "@studio/bus";
import { createLogger } from "@studio/runtime";
import { readConfig } from "./config";
import { type EmbeddedNats, startEmbeddedNats } from "./embedded-nats";
import { ensureExtensionBuilt } from "./extension-build";
import { seedDemo } from "./seed-demo";
import { stopChild, superviseServices } from "./supervisor";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const config = readConfig();
const log = createLogger("stack", config.LOG_LEVEL);
const dataDir = path.resolve(root, config.STUDIO_DATA_DIR);
const logDir = path.join(dataDir, "logs");
mkdirSync(logDir, { recursive: true });

const nats: EmbeddedNats | undefined =
  config.NATS_URL === undefined
    ? await startEmbeddedNats(dataDir, path.join(logDir, "nats-server.log"))
    : undefined;
const natsUrl = config.NATS_URL ?? nats?.url ?? "";
const building = new AbortController();
const extension = ensureExtensionBuilt(root, building.signal);
extension.catch(() => undefined);

const bus = await connectBus({ servers: natsUrl, name: "stack" });
await provisionBus(bus);
const token = await issueToken(bus, {
  workspace: DEMO_WORKSPACE,
  user: DEMO_USER,
  ...(config.STUDIO_DEMO_TOKEN === undefined ? {} : { token: config.STUDIO_DEMO_TOKEN }),
});
await bus.close();

const env = {
  ...process.env,
  NATS_URL: natsUrl,
  STUDIO_PORT: String(config.STUDIO_PORT),
  STUDIO_HOST: config.STUDIO_HOST,
  STUDIO_DATA_DIR: dataDir,
  LOG_LEVEL: config.LOG_LEVEL,
};
const services = superviseServices(root, logDir, [
  { name: "gateway", entry: "services/gateway/src/main.ts", env },
  { name: "orchestrator", entry: "services/orchestrator/src/main.ts", env },
  { name: "insight", entry: "services/insight/src/main.ts", env },
  { name: "content", entry: "services/content/src/main.ts", env },
  { name: "export", entry: "services/export/src/main.ts", env },
]);

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    building.abort();
    await services.stop();
    if (nats !== undefined) await stopChild(nats.process);
  }
  process.exit(code);
}
process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));
services.crashed.catch((err: unknown) => {
  log.error({ err }, "a service stopped; shutting the stack down");
  void shutdown(1);
});

const baseUrl = `http://${config.STUDIO_HOST}:${config.STUDIO_PORT}`;
try {
  await Promise.race([waitReady(baseUrl), services.crashed]);
  await seedDemo(baseUrl, token);
} catch (err) {
  log.error({ err }, "the stack did not come up");
  await shutdown(1);
}
console.log(`ready ${baseUrl}`);
console.log(`demo CRM:  ${baseUrl}/demo/crm`);
console.log(`API docs:  ${baseUrl}/docs`);
console.log(`token:     ${token}`);
console.log(`logs:      ${logDir}`);
extension.then(
  (dir) => console.log(`extension: ${dir} (chrome://extensions → Developer mode → Load unpacked)`),
  (err: unknown) => log.warn({ err }, "extension not built"),
);

async function waitReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gateway not ready at ${url}/readyz within ${timeoutMs} ms`);
}
