// Schemas for everything under rules/: the reason vocabulary, the drug and service catalog, and one
// file per MTUS topic. They are checked at load so a malformed rule never reaches the engine.
import { z } from 'zod';
import { REQUEST_KINDS } from './case.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug (a-z, 0-9, -)');

export const reasonsFileSchema = z.strictObject({
  reasons: z
    .array(
      z.strictObject({
        tag: slug,
        meaning: z.string().min(1),
        // whether a provider can usually cure this reason before submitting (documentation, wording)
        fixable: z.boolean(),
      }),
    )
    .min(1),
});

// ---- catalog ---------------------------------------------------------------------------------

export const TOPICAL_STATUS = ['recommended', 'conditional', 'not-recommended', 'not-addressed'] as const;
export const FORMS = [
  'oral',
  'topical-cream',
  'topical-lotion',
  'topical-ointment',
  'topical-gel',
  'topical-solution',
  'patch',
  'heat-wrap',
  'injection',
  'service',
  'device',
] as const;

export const ingredientSchema = z.strictObject({
  id: slug,
  names: z.array(z.string().min(1)).default([]),
  classes: z.array(slug).min(1),
  topical: z
    .strictObject({
      status: z.enum(TOPICAL_STATUS),
      // products in which a not-recommended ingredient is nonetheless the recommended form
      exceptIn: z.array(slug).optional(),
      pages: z.string().optional(),
      note: z.string().min(1),
      basis: z.enum(['C', 'U-hi', 'U-med', 'U-low']),
    })
    .optional(),
  // oral morphine-equivalent factor, for opioids
  morphineFactor: z.number().positive().optional(),
});

export const productSchema = z.strictObject({
  id: slug,
  names: z.array(z.string().min(1)).min(1), // generic and brand names, as written
  misspellings: z.array(z.string().min(1)).default([]),
  kind: z.enum(REQUEST_KINDS),
  form: z.enum(FORMS),
  ingredients: z.array(z.strictObject({ id: slug, strength: z.string().optional() })).default([]),
  classes: z.array(slug).default([]),
  // for services: the history.treatments type that counts as prior use of the same service
  treatmentType: z.string().optional(),
  // MTUS Drug Formulary (8 CCR 9792.27.1 ff., from 1 January 2018): the MTUS Drug List status
  formulary: z
    .strictObject({
      exempt: z.boolean(),
      specialFill: z.boolean().default(false),
      perioperativeFill: z.boolean().default(false),
      basis: z.enum(['C', 'U-hi', 'U-med', 'U-low']),
    })
    .optional(),
  note: z.string().optional(),
  source: z.string().optional(),
});

export const catalogFileSchema = z.strictObject({
  ingredients: z.array(ingredientSchema).min(1),
  products: z.array(productSchema).min(1),
});

// ---- topic rule files ------------------------------------------------------------------------

export const OPERATORS = [
  // json-rules-engine built-ins
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  // ours: each says on purpose what a missing fact means
  'isNotTrue',
  'isMissing',
  'isPresent',
  'containsAny',
  'containsNone',
  'isEmpty',
] as const;
export type OperatorName = (typeof OPERATORS)[number];

export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | { fact: string; operator: OperatorName; value?: unknown };

export const conditionSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({
      fact: z.string().min(1),
      operator: z.enum(OPERATORS),
      value: z.unknown().optional(),
    }),
  ]),
);

export const citationSchema = z
  .strictObject({
    guideline: z.string().min(1),
    section: z.string().min(1),
    pages: z
      .string()
      .regex(/^\d+(-\d+)?(, ?\d+(-\d+)?)*$/, 'expected pages such as "65", "63-66" or "105, 111-112"')
      .optional(),
    // guidelines cited without pages (the Acupuncture Medical Treatment Guidelines) say where instead
    location: z.string().optional(),
    // a criterion that rests on a source outside the MTUS must say so
    nonMtus: z.boolean().default(false),
  })
  .refine((c) => c.pages !== undefined || c.location !== undefined, {
    message: 'a citation needs pages (or, for guidelines without pages, a location such as a regulation subsection)',
  });

export const selectorSchema = z.strictObject({
  kinds: z.array(z.enum(REQUEST_KINDS)).optional(),
  classes: z.array(slug).optional(),
  ingredients: z.array(slug).optional(),
  products: z.array(slug).optional(),
  forms: z.array(z.enum(FORMS)).optional(),
});

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^mtus\.[a-z0-9-]+\.[a-z0-9-]+$/, 'expected a namespaced id such as mtus.muscle-relaxants.short-term'),
    title: z.string().min(1),
    appliesTo: selectorSchema.optional(),
    // facts that must hold for the criterion to bind at all (e.g. "continues current use")
    appliesWhen: conditionSchema.optional(),
    // when the criterion is NOT met
    when: conditionSchema,
    reason: slug,
    citation: citationSchema,
    // the reference facts the rule rests on; decisive rules need C or U-hi
    basis: z.strictObject({
      confidence: z.enum(['C', 'U-hi', 'U-med', 'U-low']),
      note: z.string().min(1),
    }),
    decisive: z.boolean().default(true),
    message: z.string().min(1),
    fixable: z.boolean(),
    fix: z.string().min(1),
    status: z.enum(['active', 'deprecated']).default('active'),
    replacedBy: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.decisive && !['C', 'U-hi'].includes(r.basis.confidence)) {
      ctx.addIssue({
        code: 'custom',
        path: ['decisive'],
        message: `a decisive rule must rest on [C] or [U-hi] facts, not [${r.basis.confidence}]; mark it decisive: false`,
      });
    }
  });

export const topicFileSchema = z.strictObject({
  topic: slug,
  title: z.string().min(1),
  // request completeness applies to every item but on its own does not make an item "covered"
  counts: z.enum(['coverage', 'completeness']).default('coverage'),
  // files of one family cover the same topic in different editions; the engine picks the file
  // whose edition is in force on the case's date
  family: slug.optional(),
  editions: z
    .array(
      z.strictObject({
        id: slug,
        name: z.string().min(1),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable(),
        // how this edition relates to the text the rules cite (e.g. "criteria unchanged from 2009")
        note: z.string().optional(),
      }),
    )
    .min(1),
  appliesTo: selectorSchema,
  rules: z.array(ruleSchema).min(1),
});

export type ReasonsFile = z.infer<typeof reasonsFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type Ingredient = z.infer<typeof ingredientSchema>;
export type Product = z.infer<typeof productSchema>;
export type TopicFile = z.infer<typeof topicFileSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Selector = z.infer<typeof selectorSchema>;
export type Citation = z.infer<typeof citationSchema>;
