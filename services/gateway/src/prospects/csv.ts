// CSV import → prospect inputs: a header row, known columns mapped, any other column a custom field.
import { parse } from "csv-parse/sync";
import { BadRequestError } from "../errors/problems";

/** Header (normalised: lower case, no spaces/underscores/dashes) → prospect field. */
const COLUMNS: Record<string, string> = {
  email: "email",
  emailaddress: "email",
  firstname: "firstName",
  lastname: "lastName",
  title: "title",
  jobtitle: "title",
  company: "company",
  companyname: "company",
  domain: "domain",
  website: "domain",
  linkedinurl: "linkedinUrl",
  linkedin: "linkedinUrl",
  phone: "phone",
  hubspot: "crm.hubspot",
  hubspotid: "crm.hubspot",
  salesforce: "crm.salesforce",
  salesforceid: "crm.salesforce",
  pipedrive: "crm.pipedrive",
  pipedriveid: "crm.pipedrive",
};

export interface CsvRow {
  /** Line number in the file (the header is line 1), as a spreadsheet shows it. */
  line: number;
  input: Record<string, unknown>;
}

export const MAX_ROWS = 10_000;

const normalise = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");

export function parseProspectCsv(text: string): CsvRow[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (err) {
    throw new BadRequestError(`unreadable CSV: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (header === undefined) throw new BadRequestError("the CSV is empty: a header row is required");
  // The same cap as a JSON import: one request stays well inside the request deadline.
  if (rows.length > MAX_ROWS) {
    throw new BadRequestError(
      `at most ${MAX_ROWS} rows per import (this file has ${rows.length}): split it`,
    );
  }
  const fields = header.map((h) => COLUMNS[normalise(h)] ?? `fields.${h.trim()}`);
  if (!fields.some((f) => f === "email" || f === "linkedinUrl")) {
    throw new BadRequestError("the CSV header needs an email or a linkedinUrl column");
  }
  return rows.map((cells, i) => {
    const input: Record<string, unknown> = {};
    const crm: Record<string, string> = {};
    const custom: Record<string, string> = {};
    fields.forEach((field, j) => {
      const value = cells[j];
      if (value === undefined || value === "") return;
      if (field.startsWith("crm.")) crm[field.slice(4)] = value;
      else if (field.startsWith("fields.")) custom[field.slice(7)] = value;
      else input[field] = value;
    });
    if (Object.keys(crm).length > 0) input.crm = crm;
    if (Object.keys(custom).length > 0) input.fields = custom;
    return { line: i + 2, input };
  });
}
