// Request headers straight from Node's parsed IncomingMessage when served by @hono/node-server:
// `c.req.header()` makes the adapter build a WHATWG Headers object (a validating regex per
// header) on every request — ~4% of a click's CPU in the profile. Elsewhere (app.fetch in
// tests) it falls back to hono's accessor. `name` is lower-case.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

export function header(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.headers === undefined) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
