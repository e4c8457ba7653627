// A campaign on real providers end to end: insight and content from an OpenAI-compatible
// model (a local server speaking the chat-completions wire format), delivered to a signed
// webhook verified with the Standard Webhooks library on the receiving side.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Command } from "@studio/contracts";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreStack, startCoreStack, WORKSPACE } from "../support/core-stack";

const secret = `whsec_${randomBytes(24).toString("base64")}`;
const received = new Map<string, number>();
let llmCalls = 0;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function readBody(req: import("node:http").IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => resolve(body));
  });
}

// Answers like a chat-completions endpoint: a JSON object for whichever output is asked for.
const llm = createServer(async (req, res) => {
  const body = JSON.parse(await readBody(req)) as { messages: { content: string }[] };
  llmCalls++;
  // The system message says which output is wanted; the user message may quote insights.
  const system = body.messages[0]?.content ?? "";
  const content = system.includes('{"insights"')
    ? {
        insights: [
          {
            kind: "funding",
            title: "Raised a Series B",
            detail: "Fresh budget for tooling.",
            score: 0.9,
          },
        ],
      }
    : {
        channel: "email",
        subject: "Congrats on the Series B",
        body: "Hi there, congratulations on the round.",
      };
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "stand-in",
      choices: [
        {
          index: 0,
          finish_reason: "stop",
          message: { role: "assistant", content: JSON.stringify(content) },
        },
      ],
      usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
    }),
  );
});

const receiver = createServer(async (req, res) => {
  const payload = await readBody(req);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  try {
    new Webhook(secret).verify(payload, headers);
  } catch {
    res.writeHead(401).end("bad signature");
    return;
  }
  const id = headers["webhook-id"] ?? "";
  received.set(id, (received.get(id) ?? 0) + 1);
  res.writeHead(204).end();
});

describe("a campaign on an OpenAI-compatible model and a signed webhook", () => {
  let stack: CoreStack;
  const C = "real";
  const N = 10;
  const ids = Array.from({ length: N }, (_, i) => `w${i}`);
  beforeAll(async () => {
    const [llmUrl, hookUrl] = await Promise.all([listen(llm), listen(receiver)]);
    stack = await startCoreStack({
      providers: {
        llm: { baseUrl: `${llmUrl}/v1`, apiKey: "sk-test", model: "stand-in" },
        secrets: (name) => (name === "HOOK" ? secret : undefined),
      },
    });
    await stack.createCampaign(C, [
      {
        id: "insights",
        name: "Insights",
        kind: "insight",
        needs: [],
        autoRun: true,
        config: { provider: "llm" },
      },
      {
        id: "email",
        name: "Email",
        kind: "content",
        needs: ["insights"],
        autoRun: true,
        config: { provider: "llm" },
      },
      {
        id: "hook",
        name: "Webhook",
        kind: "export",
        needs: ["email"],
        autoRun: true,
        config: { target: { type: "webhook", url: `${hookUrl}/hooks`, secretRef: "HOOK" } },
      },
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
    llm.close();
    receiver.close();
  });

  it("runs every prospect through the model and delivers each payload once, signed", async () => {
    const command: Command = {
      type: "prospects.upsert",
      commandId: "import-1",
      workspaceId: WORKSPACE,
      campaignId: C,
      campaignVersion: 1,
      at: new Date().toISOString(),
      prospects: ids.map((id, i) => ({
        id,
        email: `lead${i}@example.com`,
        firstName: `Lead${i}`,
        company: "Example",
      })),
    };
    await stack.send(command);
    const rows = await stack.waitForRows(C, ids, (rs) =>
      rs.every((r) => r.cells.hook?.state === "done"),
    );
    expect(rows[0]!.cells.email?.output?.subject).toBe("Congrats on the Series B");
    expect(llmCalls).toBe(2 * N);
    expect(received.size).toBe(N);
    expect([...received.values()].every((count) => count === 1)).toBe(true);
    // The export's output names the key the receiver saw as webhook-id.
    const keys = rows.map((r) => r.cells.hook?.output?.idempotencyKey);
    expect(keys.every((k) => typeof k === "string" && received.has(k))).toBe(true);
  });
});
