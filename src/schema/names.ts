// Schema of rules/names-*.yaml: how names are read by their parts when the catalog does not list
// them as written. EHRs send RxNorm clinical drug names ("Acetaminophen 325 MG / Hydrocodone
// Bitartrate 10 MG Oral Tablet"), combinations written out ("oxycodone and acetaminophen") and
// services phrased freely ("X-ray of the left wrist", "PT for the cervical spine"). The vocabulary
// here names no product of its own: every part leads back to a catalog ingredient or product, so
// the rules read the same ids and classes whichever way a name was written.
import { z } from 'zod';
import { BODY_REGIONS } from './case.js';
import { FORMS, ingredientSchema } from './rules.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug (a-z, 0-9, -)');
const words = z.array(z.string().min(1)).min(1);

export const RELEASES = ['extended', 'immediate'] as const;

export const doseFormSchema = z.strictObject({
  // as written in a drug name, e.g. "Extended Release Oral Tablet", "Transdermal System", "cream"
  words,
  // the catalog form the words make; left out, the words say only how the drug is released
  form: z.enum(FORMS).optional(),
  release: z.enum(RELEASES).optional(),
});

// A brand that names a product by its ingredients (Norco = hydrocodone + acetaminophen).
export const brandSchema = z.strictObject({
  names: words,
  ingredients: z.array(slug).min(1),
  form: z.enum(FORMS).default('oral'),
  release: z.enum(RELEASES).optional(),
});

// A kind of service named by its parts: a modality, therapy or device, and the body region it is for.
export const serviceSchema = z.strictObject({
  id: slug,
  words,
  // the catalog product when the name states no region, or a region without a product of its own
  product: slug.optional(),
  // the catalog product for a region, e.g. MRI + hip -> mri-hip
  byRegion: z.partialRecord(z.enum(BODY_REGIONS), slug).default({}),
});

export const namesFileSchema = z.strictObject({
  // salts and esters written after an ingredient ("Hydrocodone Bitartrate"): not part of its identity
  salts: z.array(z.string().min(1)).default([]),
  // words that say nothing about identity ("tablet", "by mouth", "generic")
  filler: z.array(z.string().min(1)).default([]),
  doseForms: z.array(doseFormSchema).default([]),
  // generics the catalog does not list, with their classes as the rules read them
  ingredients: z.array(ingredientSchema).default([]),
  brands: z.array(brandSchema).default([]),
  services: z.array(serviceSchema).default([]),
});

export type NamesFile = z.infer<typeof namesFileSchema>;
export type DoseForm = z.infer<typeof doseFormSchema>;
export type Brand = z.infer<typeof brandSchema>;
export type Service = z.infer<typeof serviceSchema>;
