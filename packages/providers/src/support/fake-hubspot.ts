// A tiny HubSpot CRM v3 for tests: contact search by email, notes, contact PATCH, with the
// error bodies HubSpot sends. Tests inject 429s through `rateLimits`.
import { json, startServer, type TestServer } from "./test-server";

export interface FakeHubspot {
  server: TestServer;
  url: string;
  contacts: Map<string, { email: string; properties: Record<string, string> }>;
  notes: {
    id: string;
    properties: Record<string, string>;
    contactId: string;
    associationTypeId: number;
  }[];
  /** Policy names of the next 429 answers, consumed one per request. */
  rateLimits: ("SECONDLY" | "DAILY")[];
  close(): Promise<void>;
}

export async function startFakeHubspot(token = "pat-test"): Promise<FakeHubspot> {
  const contacts = new Map([
    ["501", { email: "dana@northwind.io", properties: {} as Record<string, string> }],
  ]);
  const notes: FakeHubspot["notes"] = [];
  const rateLimits: FakeHubspot["rateLimits"] = [];
  const server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return json(res, 401, {
        status: "error",
        message: "Authentication credentials not found.",
        category: "INVALID_AUTHENTICATION",
      });
    }
    const policyName = rateLimits.shift();
    if (policyName) {
      const message =
        policyName === "DAILY"
          ? "You have reached your daily limit."
          : "You have reached your secondly limit.";
      return json(
        res,
        429,
        { status: "error", message, errorType: "RATE_LIMIT", policyName },
        policyName === "SECONDLY" ? {} : {},
      );
    }
    const body = req.body ? JSON.parse(req.body) : {};
    if (req.method === "POST" && req.path === "/crm/v3/objects/contacts/search") {
      const email = body.filterGroups?.[0]?.filters?.[0]?.value;
      const results = [...contacts]
        .filter(([, c]) => c.email === email)
        .map(([id, c]) => ({ id, properties: { email: c.email } }));
      return json(res, 200, { total: results.length, results });
    }
    if (req.method === "POST" && req.path === "/crm/v3/objects/notes") {
      const assoc = body.associations?.[0];
      const id = String(9000 + notes.length);
      notes.push({
        id,
        properties: body.properties,
        contactId: assoc?.to?.id,
        associationTypeId: assoc?.types?.[0]?.associationTypeId,
      });
      return json(res, 201, { id, properties: body.properties });
    }
    const patch = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(req.path);
    if (req.method === "PATCH" && patch) {
      const contact = contacts.get(patch[1]!);
      if (!contact)
        return json(res, 404, {
          status: "error",
          message: "resource not found",
          category: "OBJECT_NOT_FOUND",
        });
      const bad = Object.keys(body.properties ?? {}).find((p) => p.startsWith("unknown_"));
      if (bad)
        return json(res, 400, {
          status: "error",
          message: `Property "${bad}" does not exist`,
          category: "VALIDATION_ERROR",
        });
      Object.assign(contact.properties, body.properties);
      return json(res, 200, { id: patch[1], properties: contact.properties });
    }
    return json(res, 404, { status: "error", message: `no route ${req.method} ${req.path}` });
  });
  return { server, url: server.url, contacts, notes, rateLimits, close: () => server.close() };
}
