// Serving a gateway on a real socket (main.ts, the stack runner and the integration tests).
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { Gateway } from "./app";

export interface RunningServer {
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

export function listen(
  gateway: Gateway,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: gateway.app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = options.host.includes(":") ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          server,
          close: () =>
            new Promise<void>((done) => {
              // Open event streams would hold close() forever: end every connection.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
