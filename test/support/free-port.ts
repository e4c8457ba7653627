// Free loopback TCP ports for test servers: bind port 0, read what the OS gave, release it.
import { createServer } from "node:net";

/** Asks the OS for an unused loopback port. Racy by nature, so callers retry on EADDRINUSE. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the bound port"));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
