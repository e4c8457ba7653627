// The gateway process: config → bus → provision → serve; drains on SIGINT/SIGTERM.
import { connectBus, provisionBus } from "@studio/bus";
import { createLogger, onShutdown } from "@studio/runtime";
import { createGateway } from "./app";
import { loadConfig } from "./config";
import { listen } from "./server";

const log = createLogger("gateway");
const config = loadConfig();
const bus = await connectBus({ servers: config.natsUrl, name: "gateway", log });
await provisionBus(bus);
const gateway = await createGateway({ bus, log, config });
const server = await listen(gateway, { host: config.host, port: config.port });
log.info({ url: server.url }, "gateway listening");

onShutdown(log, async () => {
  await server.close();
  await gateway.close();
  await bus.close();
});
