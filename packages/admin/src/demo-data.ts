// The demo workspace (the first six companies have demo signals, so insights cite real-looking
// news): a campaign (insight → content → export on Co-Pilot, so the export
// waits for "Review + Send") and realistic prospects, shown on the demo CRM page.
import type { CampaignCreateBody, ProspectInput } from "@studio/contracts";

export const DEMO_WORKSPACE = { id: "demo", name: "Demo workspace" } as const;
export const DEMO_USER = { id: "demo-rep", name: "Demo Rep" } as const;
export const DEMO_CAMPAIGN_ID = "demo-campaign";

export const demoCampaign: CampaignCreateBody = {
  id: DEMO_CAMPAIGN_ID,
  name: "Q4 outbound: RevOps leaders",
  steps: [
    {
      id: "insights",
      name: "Insights",
      kind: "insight",
      needs: [],
      autoRun: true,
      config: { maxInsights: 3 },
    },
    {
      id: "email",
      name: "Email",
      kind: "content",
      needs: ["insights"],
      autoRun: true,
      config: { channel: "email", tone: "friendly" },
    },
    {
      id: "export",
      name: "Export",
      kind: "export",
      needs: ["email"],
      autoRun: false,
      config: { target: { type: "file", name: "demo" } },
    },
  ],
};

const OWNERS = ["Maya Chen", "Jonas Weber", "Priya Raman", "Diego Alvarez"];

const PEOPLE: Array<[first: string, last: string, title: string, company: string, domain: string]> =
  [
    ["Ada", "Lovelace", "VP of Engineering", "Northwind", "northwind.io"],
    ["Grace", "Hopper", "Chief Technology Officer", "Lumen AI", "lumen-ai.ai"],
    ["Alan", "Turing", "Head of Data", "Acme Logistics", "acme-logistics.com"],
    ["Katherine", "Johnson", "Director of Operations", "BrightPath", "brightpath.dev"],
    ["Linus", "Pauling", "Sales Manager", "Finch Bank", "finch-bank.com"],
    ["Marie", "Curie", "CEO", "Helio Energy", "helio-energy.com"],
    ["Tim", "Berners-Lee", "VP Product", "Hypertext Systems", "hypertext.systems"],
    [
      "Margaret",
      "Hamilton",
      "Director of Software Engineering",
      "Apollo Guidance",
      "apolloguidance.com",
    ],
    ["Claude", "Shannon", "Chief Data Officer", "Information Theory Inc", "infotheory.io"],
    ["Hedy", "Lamarr", "Head of Partnerships", "Spread Spectrum", "spreadspectrum.co"],
    ["Edsger", "Dijkstra", "Engineering Manager", "Shortest Path", "shortestpath.dev"],
    ["Barbara", "Liskov", "VP Platform", "Substitution Cloud", "substitution.cloud"],
    ["Donald", "Knuth", "Principal Engineer", "Literate Software", "literate.software"],
    ["Frances", "Allen", "Director of Research", "Optimizing Compilers", "optcompilers.com"],
    ["John", "McCarthy", "Founder & CEO", "Lisp Machines", "lispmachines.ai"],
    ["Radia", "Perlman", "VP Networking", "Spanning Tree Networks", "spanningtree.net"],
    ["Ken", "Thompson", "CTO", "Unix Works", "unixworks.io"],
    ["Sophie", "Wilson", "Head of Hardware", "Acorn Silicon", "acornsilicon.co.uk"],
    ["Vint", "Cerf", "Chief Evangelist", "Internet Protocols", "inetprotocols.org"],
    ["Annie", "Easley", "Operations Lead", "Centaur Rockets", "centaurrockets.com"],
    ["Guido", "van Rossum", "Distinguished Engineer", "Python Foundry", "pythonfoundry.dev"],
    ["Shafi", "Goldwasser", "Chief Security Officer", "Zero Knowledge", "zeroknowledge.io"],
    ["Leslie", "Lamport", "VP Distributed Systems", "Paxos Consensus", "paxos.systems"],
    ["Jean", "Bartik", "RevOps Manager", "ENIAC Revenue", "eniacrevenue.com"],
  ];

export function demoProspects(): ProspectInput[] {
  const people: ProspectInput[] = PEOPLE.map(
    ([firstName, lastName, title, company, domain], i) => ({
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase().replace(/[^a-z]/g, "")}@${domain}`,
      firstName,
      lastName,
      title,
      company,
      domain,
      crm: { hubspot: String(5100 + i) },
      fields: {
        owner: OWNERS[i % OWNERS.length] ?? "Unassigned",
        lastActivity: new Date(Date.UTC(2026, 10, 24 - i, 9 + (i % 8))).toISOString(),
      },
    }),
  );
  // Prospect data is untrusted: the demo keeps one hostile row so the escaping is always on show.
  people.push({
    email: "mallory@evil.example",
    firstName: "<img src=x onerror=alert(1)>",
    lastName: "<script>alert('xss')</script>",
    title: "Security <b>Researcher</b>",
    company: "Evil & Co <i>",
    domain: "evil.example",
    fields: { owner: OWNERS[0] ?? "Unassigned", lastActivity: "2026-11-01T10:00:00.000Z" },
  });
  return people;
}
