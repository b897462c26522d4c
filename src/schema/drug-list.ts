// Schema of rules/drug-list.yaml: the MTUS Drug List (8 CCR 9792.27.15) as data. Each version of
// the list has its effective date; each entry gives the status of one or more catalog products from
// a version on, with the evidence grade of that status. The formulary rules themselves (exempt,
// Special Fill, Perioperative Fill, compounded and physician-dispensed drugs) are regulation text
// and live in src/facts/formulary.ts.
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug (a-z, 0-9, -)');
const versionId = z.string().regex(/^v\d+(\.\d+)?$/, 'expected a list version such as v3 or v11.1');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');
const grade = z.enum(['C', 'U-hi', 'U-med', 'U-low']);

// exempt / non-exempt / unlisted are the list's own categories; a compounded drug always needs
// prospective review (9792.27.9); a drug a physician administers in the office is outside the
// formulary (9792.27.2(b)) but not outside the guidelines.
export const DRUG_LIST_STATUSES = ['exempt', 'non-exempt', 'unlisted', 'compounded', 'physician-administered'] as const;
export type DrugListStatus = (typeof DRUG_LIST_STATUSES)[number];

export const drugListStatusSchema = z
  .strictObject({
    from: versionId,
    status: z.enum(DRUG_LIST_STATUSES),
    // Special Fill / Perioperative Fill: the most days' supply dispensable without prospective review
    specialFillDays: z.number().int().positive().optional(),
    perioperativeFillDays: z.number().int().positive().optional(),
    basis: grade,
    note: z.string().min(1),
  })
  .refine((s) => s.status === 'non-exempt' || (s.specialFillDays === undefined && s.perioperativeFillDays === undefined), {
    message: 'only a non-exempt drug can carry a Special Fill or Perioperative Fill limit',
  });

export const drugListFileSchema = z.strictObject({
  versions: z
    .array(
      z.strictObject({
        id: versionId,
        effective: isoDate,
        note: z.string().min(1),
        source: z.string().min(1),
        basis: grade,
      }),
    )
    .min(1),
  entries: z
    .array(
      z.strictObject({
        // catalog product ids
        drugs: z.array(slug).min(1),
        // in version order: each applies from its version until the next one
        statuses: z.array(drugListStatusSchema).min(1),
      }),
    )
    .min(1),
});

export type DrugListFile = z.infer<typeof drugListFileSchema>;
export type DrugListStatusEntry = z.infer<typeof drugListStatusSchema>;
