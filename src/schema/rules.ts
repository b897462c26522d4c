// Schemas for everything under rules/: the reason vocabulary, the drug and service catalog, and one
// file per MTUS topic. They are checked at load so a malformed rule never reaches the engine.
import { z } from 'zod';
import { INJECTION_TYPES, REQUEST_KINDS } from './case.js';
import { OPERATORS, type OperatorName } from './operators.js';

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
  // a factor that grows with the daily dose (methadone): the first step whose upTo the dose does not exceed
  morphineFactorByDailyMg: z
    .array(z.strictObject({ upTo: z.number().positive().nullable(), factor: z.number().positive() }))
    .min(1)
    .optional(),
  // a patch worn continuously: its strength is a rate (mcg/h), converted without doses per day
  morphineRate: z.literal('mcg/h').optional(),
  // an opioid with no factor: why, in words, shown where a dose criterion is then not assessable
  noMorphineFactor: z.string().min(1).optional(),
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
  // for injections: the kind, so a prior injection of the same kind can be told from another
  injection: z.enum(INJECTION_TYPES).optional(),
  note: z.string().optional(),
  source: z.string().optional(),
});

export const catalogFileSchema = z.strictObject({
  ingredients: z.array(ingredientSchema).min(1),
  products: z.array(productSchema).min(1),
});

// ---- topic rule files ------------------------------------------------------------------------

export { OPERATORS, type OperatorName } from './operators.js';

export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  // a named shared condition (rules/definitions.yaml or the topic's `conditions`)
  | { condition: string }
  | { fact: string; operator: OperatorName; value?: unknown };

export const conditionSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ condition: slug }),
    z.strictObject({
      fact: z.string().min(1),
      operator: z.enum(OPERATORS),
      value: z.unknown().optional(),
    }),
  ]),
);

// `guideline` may be left to the topic's `defaults.guideline`; the loader fills it in and requires one.
export const citationSchema = z
  .strictObject({
    guideline: z.string().min(1).optional(),
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

const selectorFields = {
  kinds: z.array(z.enum(REQUEST_KINDS)).optional(),
  classes: z.array(slug).optional(),
  ingredients: z.array(slug).optional(),
  products: z.array(slug).optional(),
  forms: z.array(z.enum(FORMS)).optional(),
};

export const selectorSchema = z.strictObject({
  ...selectorFields,
  // items that match the selector above but are judged elsewhere (every listed field must match)
  except: z.strictObject(selectorFields).optional(),
});

export const BASIS = ['C', 'U-hi', 'U-med', 'U-low'] as const;

// A real letter the rule explains: its case number, optionally with the item id ("CM16-0246487/mri-right-knee").
const example = z.string().regex(/^CM\d{2}-\d{7}(\/[a-z0-9-]+)?$/, 'expected a case number such as CM16-0246487, optionally /item-id');

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^mtus\.[a-z0-9-]+\.[a-z0-9-]+$/, 'expected a namespaced id such as mtus.muscle-relaxants.short-term'),
    title: z.string().min(1),
    // the criterion in plain words, stated as met, as a physician would check it against the cited page
    requires: z.string().min(1),
    appliesTo: selectorSchema.optional(),
    // facts that must hold for the criterion to bind at all (e.g. "continues current use")
    appliesWhen: conditionSchema.optional(),
    // when the criterion is NOT met: the test behind `requires`, written as its failure
    when: conditionSchema,
    reason: slug,
    citation: citationSchema,
    // the reference facts the rule rests on; decisive rules need C or U-hi
    basis: z.strictObject({
      confidence: z.enum(BASIS),
      note: z.string().min(1),
    }),
    decisive: z.boolean().default(true),
    message: z.string().min(1),
    // whether the provider can cure it before submitting; left out, the reason tag's kind decides
    fixable: z.boolean().optional(),
    fix: z.string().min(1),
    examples: z.array(example).optional(),
    // experimental rules are reported as advisories only; deprecated rules are kept as tombstones
    status: z.enum(['experimental', 'active', 'deprecated']).default('active'),
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

// Named conditions shared by several rules, e.g. "the item is for acute or post-operative pain".
export const sharedConditionsSchema = z.record(
  slug,
  z.strictObject({
    description: z.string().min(1),
    condition: conditionSchema,
  }),
);

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
  // filled into every rule's citation that does not state its own
  defaults: z.strictObject({ guideline: z.string().min(1) }).optional(),
  conditions: sharedConditionsSchema.optional(),
  rules: z.array(ruleSchema).min(1),
});

// ---- clinical definitions (rules/definitions.yaml) --------------------------------------------
// What fact derivation takes as given (what "chronic" means, which drug classes are analgesics, GI
// risk), with the source of each, plus the pack-wide shared conditions.

const defined = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    value,
    source: z.string().min(1),
    basis: z.enum(BASIS),
  });

export const definitionsFileSchema = z.strictObject({
  definitions: z.strictObject({
    // days from injury (or symptom onset) after which pain is chronic
    chronicAfterDays: defined(z.number().int().positive()),
    // condition tags that make a case chronic whatever the dates
    chronicConditions: defined(z.array(slug)),
    // drug classes that count as pain medication when counting other current analgesics
    analgesicClasses: defined(z.array(slug).min(1)),
    // forms taken systemically, whose ingredients' classes are the product's classes
    systemicForms: defined(z.array(z.enum(FORMS)).min(1)),
    // age above which GI risk is present, and co-medications that are GI risk factors
    giRiskAge: defined(z.number().int().positive()),
    giRiskIngredients: defined(z.array(slug)),
    giRiskClasses: defined(z.array(slug)),
    // free-text diagnoses to condition tags (case-insensitive regular expressions)
    conditionLexicon: defined(z.array(z.strictObject({ pattern: z.string().min(1), tags: z.array(slug).min(1) })).min(1)),
  }),
  conditions: sharedConditionsSchema.default({}),
});

export type DefinitionsFile = z.infer<typeof definitionsFileSchema>;
export type Definitions = DefinitionsFile['definitions'];
export type ReasonsFile = z.infer<typeof reasonsFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type Ingredient = z.infer<typeof ingredientSchema>;
export type Product = z.infer<typeof productSchema>;
export type TopicFile = z.infer<typeof topicFileSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Selector = z.infer<typeof selectorSchema>;
export type Citation = z.infer<typeof citationSchema>;
