// Serves the saved CRM fixtures at their real paths on loopback (the adapters accept loopback
// hosts), so the built extension decorates them exactly as it would the real sites.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { ROOT } from "./stack";

export const FIXTURE_PATHS: Record<string, string> = {
  hubspot: "/contacts/123/objects/0-1/views/all/list",
  salesforce: "/lightning/o/Contact/list",
  "salesforce-shadow": "/lightning/o/Contact/list-shadow",
  pipedrive: "/persons/list/user/everyone",
};

export function fixtureHtml(name: string): string {
  return readFileSync(path.join(ROOT, "extension/adapters/fixtures", `${name}.html`), "utf8");
}

export async function serveFixtures(
  extra: Record<string, () => string> = {},
): Promise<{ url: string; server: Server }> {
  const routes = new Map<string, () => string>();
  for (const [name, p] of Object.entries(FIXTURE_PATHS)) routes.set(p, () => fixtureHtml(name));
  for (const [p, f] of Object.entries(extra)) routes.set(p, f);
  const server = createServer((req, res) => {
    const page = routes.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}
