// The local insight rules: turn a prospect profile and its company's signals into scored,
// readable reasons to reach out now. Pure functions, so the same input ranks the same.
import type { InsightOutput } from "@studio/contracts";
import { type Profile, SeniorityLabels, SeniorityPhrases } from "./profile";
import type { Signal, SignalKind } from "./signals";

type Insight = InsightOutput["insights"][number];
interface Candidate extends Insight {
  /** Tie-breaker: newer first. Fields-based insights have no date and sort last. */
  at: number;
}

const DAY = 86_400_000;
const HALF_LIFE_DAYS = 60;

const kindBase: Record<SignalKind, number> = {
  funding: 0.7,
  job_change: 0.7,
  hiring: 0.6,
  news: 0.55,
  tech_stack: 0.45,
};

const departmentWords: Record<string, RegExp> = {
  sales: /\b(sales|account executive|revenue|sdr|bdr|go-to-market)\b/i,
  marketing: /\b(marketing|demand|brand|growth)\b/i,
  engineering: /\b(engineer\w*|developer|platform|backend|sre|kubernetes|data)\b/i,
  security: /\b(security|risk|compliance)\b/i,
  operations: /\b(operations|logistics|erp|fulfil\w*|field)\b/i,
  support: /\b(support|service|ticket\w*)\b/i,
  people: /\b(hiring|talent|people|recruit\w*)\b/i,
  finance: /\b(finance|lending|banking|funding)\b/i,
};

const senior = (p: Profile) => p.seniority === "c_level" || p.seniority === "vp";

function relevance(signal: Signal, p: Profile): number {
  const text = `${signal.title} ${signal.detail}`;
  let bonus = 0;
  const words = p.department ? departmentWords[p.department] : undefined;
  if (words?.test(text)) bonus += 0.15;
  // Budget holders care about money and strategy; builders care about the stack.
  if (signal.kind === "funding" && senior(p)) bonus += 0.1;
  if (
    signal.kind === "tech_stack" &&
    (p.department === "engineering" || p.department === "operations")
  )
    bonus += 0.1;
  if (signal.kind === "job_change" && p.seniority !== "ic") bonus += 0.05;
  return bonus;
}

const clamp = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;

function fromSignal(signal: Signal, p: Profile, asOf: number, focus: Set<string>): Candidate {
  const at = Date.parse(signal.date);
  const ageDays = Math.max(0, (asOf - at) / DAY);
  const recency = 0.5 ** (ageDays / HALF_LIFE_DAYS);
  const score =
    kindBase[signal.kind] * (0.5 + 0.5 * recency) +
    relevance(signal, p) +
    (focus.has(signal.kind) ? 0.25 : 0);
  const when = signal.date.slice(0, 10);
  const detail = signal.detail ? `${signal.detail} (${when})` : `Reported ${when}.`;
  const insight: Candidate = {
    kind: signal.kind,
    title: signal.title,
    detail,
    score: clamp(score),
    at,
  };
  if (signal.sourceUrl) insight.source = signal.sourceUrl;
  return insight;
}

const roleScore = { c_level: 0.6, vp: 0.55, director: 0.5, manager: 0.4, ic: 0.25 } as const;

function fromFields(p: Profile): Candidate[] {
  const out: Candidate[] = [];
  const who = p.firstName ?? "This contact";
  if (p.title && p.seniority) {
    const area = p.department && p.department !== "executive" ? ` in ${p.department}` : "";
    const detail =
      p.seniority === "ic"
        ? `${who} is hands-on${area}: a likely champion or user who can introduce the buyer.`
        : `${who} is ${SeniorityPhrases[p.seniority]}${area} and likely owns or shapes the budget.`;
    out.push({
      kind: "role",
      title: `${SeniorityLabels[p.seniority]}: ${p.title}`,
      detail,
      score: roleScore[p.seniority],
      at: 0,
    });
  }
  if (p.employees !== undefined) {
    const n = p.employees;
    const [title, detail, score] =
      n < 50
        ? [
            `Startup with about ${n} employees`,
            "Small teams buy fast, and a founder or C-level usually decides.",
            p.seniority === "c_level" ? 0.5 : 0.35,
          ]
        : n <= 1000
          ? [
              `Mid-market company with about ${n} employees`,
              "Big enough to feel process pain, small enough to decide within a quarter.",
              0.3,
            ]
          : [
              `Enterprise with about ${n} employees`,
              "Expect a buying committee and a longer cycle; a champion matters.",
              p.seniority === "director" || p.seniority === "vp" ? 0.4 : 0.3,
            ];
    out.push({ kind: "company", title, detail, score, at: 0 });
  }
  const tld = p.domain?.split(".").at(-1);
  if (tld === "ai") {
    out.push({
      kind: "company",
      title: `${p.company ?? p.domain} is an AI-first company`,
      detail: `The ${p.domain} domain signals an AI product; expect a technical, fast-moving buyer.`,
      score: 0.3,
      at: 0,
    });
  } else if (tld === "io" || tld === "dev") {
    out.push({
      kind: "company",
      title: `${p.company ?? p.domain} is a tech-forward company`,
      detail: `A .${tld} domain usually means a software company comfortable with new tools.`,
      score: 0.25,
      at: 0,
    });
  }
  if (p.emailDomain && !p.domain?.length) {
    out.push({
      kind: "other",
      title: "Only a personal email address is known",
      detail: `${p.emailDomain} is a personal inbox; find a work address or reach out on LinkedIn first.`,
      score: 0.2,
      at: 0,
    });
  } else if (
    p.emailDomain &&
    p.domain &&
    p.emailDomain !== p.domain &&
    !p.emailDomain.endsWith(`.${p.domain}`)
  ) {
    out.push({
      kind: "company",
      title: `Email domain ${p.emailDomain} differs from ${p.domain}`,
      detail: "Could be a subsidiary, a rebrand or a recent move; check before writing.",
      score: 0.3,
      at: 0,
    });
  }
  return out;
}

const focusWords: [SignalKind, RegExp][] = [
  ["funding", /\b(funding|raised|investment|series)\b/i],
  ["hiring", /\b(hiring|hires|headcount|jobs?)\b/i],
  ["news", /\b(news|launch\w*|announce\w*)\b/i],
  ["job_change", /\b(job change|new role|appointed|joined)\b/i],
  ["tech_stack", /\b(tech|stack|tools?|software)\b/i],
];

export interface RankOptions {
  maxInsights: number;
  /** The step prompt and the user's instructions: naming a signal kind favours it. */
  focus?: string;
  /** Recency is measured against this instant, never the wall clock (determinism). */
  asOf: number;
}

export function rankInsights(
  p: Profile,
  signals: readonly Signal[],
  options: RankOptions,
): InsightOutput {
  const focus = new Set<string>(
    focusWords.filter(([, re]) => re.test(options.focus ?? "")).map(([kind]) => kind),
  );
  const matched = p.domain ? signals.filter((s) => s.domain === p.domain) : [];
  const candidates = [
    ...matched.map((s) => fromSignal(s, p, options.asOf, focus)),
    ...fromFields(p),
  ];
  candidates.sort((a, b) => b.score - a.score || b.at - a.at || a.title.localeCompare(b.title));
  return {
    insights: candidates.slice(0, options.maxInsights).map(({ at: _at, ...insight }) => insight),
  };
}
