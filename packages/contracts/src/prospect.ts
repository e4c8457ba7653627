// Prospects (rows). Deduplicated by email within a campaign; every prospect needs a lookup.
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./ids";

export const CrmSystems = ["hubspot", "salesforce", "pipedrive"] as const;
export type CrmSystem = (typeof CrmSystems)[number];

const CrmRecordIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be a CRM record id (letters, digits, '_' or '-')");

export const CrmIdsSchema = z.strictObject({
  hubspot: CrmRecordIdSchema.optional(),
  salesforce: CrmRecordIdSchema.optional(),
  pipedrive: CrmRecordIdSchema.optional(),
});

export const CustomFieldsSchema = z
  .record(
    z.string().min(1).max(100),
    z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]),
  )
  .refine((r) => Object.keys(r).length <= 100, "at most 100 custom fields");

const text = (max: number) => z.string().trim().max(max);

/** The standard fields a step's inputs use (rule 13 compares these). */
export const ProspectFieldNames = [
  "email",
  "firstName",
  "lastName",
  "title",
  "company",
  "domain",
  "linkedinUrl",
  "phone",
] as const;
export type ProspectFieldName = (typeof ProspectFieldNames)[number];

const ProspectFieldsShape = {
  email: z.email().max(320).optional(),
  firstName: text(200).optional(),
  lastName: text(200).optional(),
  title: text(300).optional(),
  company: text(300).optional(),
  domain: text(253).optional(),
  linkedinUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  phone: text(50).optional(),
  crm: CrmIdsSchema.optional(),
  fields: CustomFieldsSchema.optional(),
};

export const ProspectSchema = z.strictObject({ id: IdSchema, ...ProspectFieldsShape });
export type Prospect = z.infer<typeof ProspectSchema>;

export const ProspectInputSchema = z
  .strictObject(ProspectFieldsShape)
  .refine((p) => p.email !== undefined || p.linkedinUrl !== undefined, {
    message: "a prospect needs an email or a linkedinUrl",
    path: ["email"],
  });
export type ProspectInput = z.infer<typeof ProspectInputSchema>;

/** PATCH of a prospect: any field, `null` clears it. */
export const ProspectPatchSchema = z.strictObject({
  email: z.email().max(320).nullable().optional(),
  firstName: text(200).nullable().optional(),
  lastName: text(200).nullable().optional(),
  title: text(300).nullable().optional(),
  company: text(300).nullable().optional(),
  domain: text(253).nullable().optional(),
  linkedinUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
  phone: text(50).nullable().optional(),
  crm: CrmIdsSchema.optional(),
  fields: CustomFieldsSchema.optional(),
});
export type ProspectPatch = z.infer<typeof ProspectPatchSchema>;

export const ProspectStampSchema = z.strictObject({
  at: TimestampSchema,
  by: z.string().optional(),
});
