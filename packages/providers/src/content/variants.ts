// Wording variants of the local content provider. Picking them from the run id makes Run Again
// visibly regenerate the message, while a replay of the same run reproduces it exactly.
import { pick } from "../support/hash";

type Tone = "formal" | "casual" | "neutral";

export function toneOf(tone: string | undefined): Tone {
  if (!tone) return "neutral";
  if (/\b(formal|professional|polite|respectful)\b/i.test(tone)) return "formal";
  if (/\b(casual|friendly|warm|relaxed|playful|informal)\b/i.test(tone)) return "casual";
  return "neutral";
}

const greetings: Record<Tone, string[]> = {
  formal: ["Dear", "Hello", "Good day"],
  casual: ["Hi", "Hey", "Hello"],
  neutral: ["Hi", "Hello"],
};

const closings: Record<Tone, string[]> = {
  formal: ["Kind regards", "Best regards", "Sincerely", "With thanks"],
  casual: ["Cheers", "Talk soon", "Thanks!", "Have a great week"],
  neutral: ["Best", "Thanks", "All the best", "Regards"],
};

const openersWithHook = [
  "I saw the news: {hook}.",
  "{hook} caught my eye.",
  "Quick note after reading that {hook}.",
  "Congrats on the recent news ({hook}).",
  "{hook}, so you came to mind.",
];

const openersWithoutHook = [
  "I've been following {company} for a while.",
  "I'll keep this short.",
  "I work with teams like {company}'s and wanted to reach out.",
  "Reaching out because {company} looks like a great fit for what we do.",
];

const bridges = ["I also noticed:", "On top of that:", "And:", "Plus:"];

const pitches = [
  "We help teams like yours act on moments like this in days, not quarters.",
  "We help companies at this stage turn momentum into pipeline without extra headcount.",
  "Teams in a similar spot use us to move faster with the people they already have.",
];

const ctas = [
  "Worth a 15-minute call next week?",
  "Open to a quick chat on Thursday or Friday?",
  "Would it make sense to compare notes for 20 minutes?",
  "Is this on your radar this quarter?",
];

const subjects = [
  "Quick question, {first}",
  "Idea for {company}",
  "{company} and {topic}",
  "{first}: {topic}",
];

const callQuestions = [
  "how are you handling that on your side?",
  "is that creating any new priorities for your team?",
  "who's owning that project internally?",
];

const topics: Record<string, string> = {
  funding: "the new funding",
  hiring: "the hiring push",
  news: "the recent news",
  job_change: "the new role",
  tech_stack: "your stack",
};

export interface Variant {
  greeting: string;
  opener: string;
  bridge: string;
  pitch: string;
  cta: string;
  closing: string;
  subject: string;
  question: string;
}

export interface VariantFacts {
  first: string;
  company: string;
  /** Title of the best event-like insight (news, funding, …), if any. */
  hook?: string;
  hookKind?: string;
}

const fill = (text: string, facts: VariantFacts) =>
  text
    .replaceAll("{hook}", facts.hook ?? "")
    .replaceAll("{first}", facts.first)
    .replaceAll("{company}", facts.company)
    .replaceAll("{topic}", topics[facts.hookKind ?? ""] ?? "a quick idea");

export function pickVariant(seed: string, tone: string | undefined, facts: VariantFacts): Variant {
  const t = toneOf(tone);
  const opener = facts.hook
    ? pick(openersWithHook, seed, "opener")
    : pick(openersWithoutHook, seed, "opener");
  return {
    greeting: pick(greetings[t], seed, "greeting"),
    opener: fill(opener, facts),
    bridge: pick(bridges, seed, "bridge"),
    pitch: pick(pitches, seed, "pitch"),
    cta: pick(ctas, seed, "cta"),
    closing: pick(closings[t], seed, "closing"),
    subject: fill(pick(subjects, seed, "subject"), facts),
    question: pick(callQuestions, seed, "question"),
  };
}
