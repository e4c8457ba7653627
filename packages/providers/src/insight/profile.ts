// Reads what the local rules need from a prospect's fields: seniority and department from the
// title, company size from custom fields, and the domains it can be matched to signals by.
import { normalizeDomain } from "./signals";

export const Seniorities = ["c_level", "vp", "director", "manager", "ic"] as const;
export type Seniority = (typeof Seniorities)[number];

export const SeniorityLabels: Record<Seniority, string> = {
  c_level: "C-level executive",
  vp: "VP-level leader",
  director: "Director",
  manager: "Manager",
  ic: "Individual contributor",
};

/** The seniority as it reads inside a sentence ("Dana is a VP-level leader"). */
export const SeniorityPhrases: Record<Seniority, string> = {
  c_level: "a C-level executive",
  vp: "a VP-level leader",
  director: "a director",
  manager: "a manager",
  ic: "an individual contributor",
};

export type Department =
  | "sales"
  | "marketing"
  | "engineering"
  | "product"
  | "finance"
  | "people"
  | "operations"
  | "support"
  | "security"
  | "executive";

const senioritySigns: [Seniority, RegExp][] = [
  [
    "c_level",
    /\b(chief|ceo|cto|cfo|coo|cmo|cro|cio|ciso|cpo|founder|co-?founder|owner|president)\b/i,
  ],
  ["vp", /\b(vp|svp|evp|vice[- ]president|head of)\b/i],
  ["director", /\b(director)\b/i],
  ["manager", /\b(manager|lead|team lead|supervisor)\b/i],
];

// Order matters: "Chief Revenue Officer" must read as sales before "officer" reads as executive.
const departmentSigns: [Department, RegExp][] = [
  ["sales", /\b(sales|revenue|cro|account executive|business development|sdr|bdr|ae)\b/i],
  ["marketing", /\b(marketing|growth|demand|brand|cmo|content)\b/i],
  ["security", /\b(security|ciso|risk|compliance)\b/i],
  ["engineering", /\b(engineer\w*|developer|devops|sre|cto|platform|software|architect|data)\b/i],
  ["product", /\b(product|cpo|design)\b/i],
  ["finance", /\b(finance|financial|cfo|controller|accounting)\b/i],
  ["people", /\b(people|hr|human resources|talent|recruit\w*)\b/i],
  ["operations", /\b(operations|ops|coo|logistics|supply chain|revops)\b/i],
  ["support", /\b(support|customer success|service)\b/i],
  ["executive", /\b(ceo|founder|co-?founder|owner|president|general manager)\b/i],
];

export const PersonalEmailDomains = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "icloud.com",
  "me.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "aol.com",
]);

export interface Profile {
  firstName?: string;
  title?: string;
  company?: string;
  seniority?: Seniority;
  department?: Department;
  /** Company domain from `domain`, else from a work email. */
  domain?: string;
  emailDomain?: string;
  employees?: number;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

const sizeFieldNames = ["employees", "employeeCount", "companySize", "company_size", "headcount"];

/** `120`, `"120"`, `"51-200"` (upper bound), `"1,000+"` → a number of employees. */
export function readEmployees(fields: Record<string, unknown>): number | undefined {
  for (const name of sizeFieldNames) {
    const v = fields[name];
    if (typeof v === "number" && Number.isFinite(v) && v > 0) return Math.round(v);
    if (typeof v === "string") {
      const numbers = v.replace(/,/g, "").match(/\d+/g);
      const last = numbers?.at(-1);
      if (last) return Number(last);
    }
  }
  return undefined;
}

export function readProfile(prospect: Record<string, unknown>): Profile {
  const title = str(prospect.title);
  const email = str(prospect.email)?.toLowerCase();
  const emailDomain = email?.includes("@") ? email.split("@")[1] : undefined;
  const explicit = str(prospect.domain);
  const workEmailDomain =
    emailDomain && !PersonalEmailDomains.has(emailDomain) ? emailDomain : undefined;
  const domainSource = explicit ?? workEmailDomain;
  const fields = prospect.fields;
  const profile: Profile = {};
  const firstName = str(prospect.firstName);
  const company = str(prospect.company);
  if (firstName) profile.firstName = firstName;
  if (company) profile.company = company;
  if (title) {
    profile.title = title;
    profile.seniority = senioritySigns.find(([, re]) => re.test(title))?.[0] ?? "ic";
    const department = departmentSigns.find(([, re]) => re.test(title))?.[0];
    if (department) profile.department = department;
  }
  if (domainSource) profile.domain = normalizeDomain(domainSource);
  if (emailDomain) profile.emailDomain = emailDomain;
  if (fields && typeof fields === "object") {
    const employees = readEmployees(fields as Record<string, unknown>);
    if (employees !== undefined) profile.employees = employees;
  }
  return profile;
}
