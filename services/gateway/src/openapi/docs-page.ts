// /docs: the OpenAPI document rendered on the server as one self-contained page (no CDN: offline).
import { html, type RawHtml } from "../http/html";

interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }
  >;
}

const refName = (ref: string | undefined) => ref?.split("/").pop();

function schemaLink(ref: string | undefined): RawHtml | string {
  const name = refName(ref);
  return name === undefined ? "" : html`<a href="#schema-${name}">${name}</a>`;
}

export function renderDocs(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const rows = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = Object.entries(op.requestBody?.content ?? {}).map(
        ([type, c]) => html`<div>body <code>${type}</code> ${schemaLink(c.schema?.$ref)}</div>`,
      );
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith("2"));
      const answers = ok.map(([status, r]) => {
        const first = Object.values(r.content ?? {})[0];
        return html`<div>answers <b>${status}</b> ${schemaLink(first?.schema?.$ref)}</div>`;
      });
      return html`<section class="op"><h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${path}</code></h3><p>${op.summary ?? ""}</p>${body}${answers}</section>`;
    }),
  );
  const defs = Object.entries(schemas).map(
    ([name, schema]) =>
      html`<details id="schema-${name}"><summary>${name}</summary><pre>${JSON.stringify(schema, null, 2)}</pre></details>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Prospect Studio API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#1d2330;color:#fff;padding:16px 32px}main{max-width:1000px;margin:0 auto;padding:16px 32px}
.op{background:#fff;border:1px solid #dde1ea;border-radius:8px;padding:8px 16px;margin:12px 0}
.op h3{margin:4px 0;font-size:15px}.m{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.m-get{background:#2f7d4a}.m-post{background:#2f5d9e}.m-patch{background:#9e6a2f}
pre{background:#0f1420;color:#dfe6f3;padding:12px;border-radius:6px;overflow:auto;font-size:12px}
details{background:#fff;border:1px solid #dde1ea;border-radius:6px;margin:6px 0;padding:6px 12px}a{color:#2f5d9e}
</style></head><body>
<header><h1>Prospect Studio API</h1><div>Every <code>/v1</code> route needs <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>application/problem+json</code>. Machine-readable: <a style="color:#9fc2ff" href="/openapi.json">/openapi.json</a></div></header>
<main><h2>Endpoints</h2>${rows}<h2>Schemas</h2>${defs}</main></body></html>`.html;
}
