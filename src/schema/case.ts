// Executable form of ../shared/spec/case-format.md. Objects are strict: a misspelt key must be an
// error, never a fact that silently reads as "not stated".
import { z } from 'zod';

export const BODY_REGIONS = [
  'head',
  'cervical',
  'thoracic',
  'lumbar',
  'shoulder',
  'elbow',
  'wrist-hand',
  'hip',
  'knee',
  'ankle-foot',
  'multiple',
  'psych',
  'other',
] as const;

export const CONDITIONS = [
  'chronic-pain',
  'chronic-low-back-pain',
  'acute-low-back-pain',
  'neuropathic-pain',
  'radiculopathy',
  'osteoarthritis',
  'spasticity',
  'spinal-cord-injury',
  'multiple-sclerosis',
  'depression',
  'anxiety',
  'insomnia',
  'fibromyalgia',
  'diabetic-neuropathy',
  'post-herpetic-neuralgia',
  'post-laminectomy-syndrome',
  'crps',
  'dyspepsia',
  // project additions
  'tendinitis',
  'myofascial-pain',
  'trigeminal-neuralgia',
  'gerd',
  'low-back-pain',
  'neck-pain',
] as const;

export const GI_RISK_FACTORS = [
  'age-over-65',
  'ulcer-history',
  'gi-bleed-history',
  'aspirin',
  'corticosteroid',
  'anticoagulant',
  'high-dose-nsaid',
] as const;

export const FIRST_LINE_TRIALS = [
  'tricyclic',
  'snri',
  'anticonvulsant',
  'nsaid',
  'acetaminophen',
  'oral-medication',
  'physical-therapy',
  'conservative-care',
  // project addition: an antidepressant trial whose class is not stated
  'antidepressant',
] as const;

export const TREATMENT_TYPES = [
  'acupuncture',
  'physical-therapy',
  'chiropractic',
  'tens',
  'injection',
  'surgery',
  'psychotherapy',
  'functional-restoration',
  'other',
  // project addition
  'heat-therapy',
  'massage',
  'home-exercise',
] as const;

export const REQUEST_KINDS = ['medication', 'therapy', 'procedure', 'imaging', 'dme', 'program', 'other'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine((s) => {
    // Date.parse rolls 2015-02-30 over to March; a round trip catches it
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');

// YAML reads `since: 2012` as a number; accept it and keep the text form.
const partialDate = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'));

const optionalText = z.string().min(1).nullable().optional();
const optionalCount = z.number().int().nonnegative().nullable().optional();

export const provenanceSource = z.enum(['summary', 'rationale', 'header', 'heading', 'manual']);

export const actualSchema = z.strictObject({
  decision: z.enum(['upheld', 'overturned']),
  reasons: z.array(z.string().min(1)).optional(),
  citation: z.string().optional(),
});

export const requestSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(REQUEST_KINDS),
  name: z.string().min(1),
  strength: optionalText,
  quantity: z.number().positive().nullable().optional(),
  frequency: optionalText,
  duration: optionalText,
  sessions: optionalCount,
  perWeek: z.number().positive().nullable().optional(),
  weeks: z.number().positive().nullable().optional(),
  bodyRegion: z.enum(BODY_REGIONS).nullable().optional(),
  // project additions
  indication: optionalText, // why the provider requests it, when stated (e.g. "depression", "insomnia")
  ingredients: z.array(z.string().min(1)).optional(), // actives stated on the request (compounds)
  levels: z.number().int().positive().optional(), // spinal levels for injections and procedures
  acquisition: z.enum(['purchase', 'rental']).optional(), // durable equipment
  actual: actualSchema.optional(),
});

export const caseSchema = z
  .strictObject({
    id: z.string().min(1),
    source: z.string().optional(),
    requestDate: isoDate.optional(),
    patient: z
      .strictObject({
        age: z.number().int().min(0).max(120).optional(),
        sex: z.enum(['female', 'male', 'unknown']).optional(),
      })
      .optional(),
    injury: z
      .strictObject({
        date: isoDate.optional(),
        mechanism: z.string().optional(),
        bodyRegions: z.array(z.enum(BODY_REGIONS)).optional(),
      })
      .optional(),
    diagnoses: z.array(z.string().min(1)).optional(),
    conditions: z.array(z.enum(CONDITIONS)).optional(),
    findings: z
      .strictObject({
        painScore: z.number().min(0).max(10).optional(),
        painWithMedication: z.number().min(0).max(10).optional(),
        painWithoutMedication: z.number().min(0).max(10).optional(),
        acuteExacerbation: z.boolean().optional(),
        muscleSpasm: z.boolean().optional(),
        objectiveNeurologicDeficit: z.boolean().optional(),
        dyspepsia: z.boolean().optional(),
        giRiskFactors: z.array(z.enum(GI_RISK_FACTORS)).optional(),
        // project additions
        redFlags: z.boolean().optional(), // cauda equina, tumour, infection, fracture, progressive deficit
        radiculopathyOnExam: z.boolean().optional(), // dermatomal findings, reflex or motor change, positive tension signs
        imagingCorroboration: z.boolean().optional(), // imaging or electrodiagnostics corroborate the radiculopathy
        triggerPoints: z.boolean().optional(), // twitch response and referred pain on palpation
        homebound: z.boolean().optional(),
        opioidRiskLevel: z.enum(['low', 'moderate', 'high']).optional(),
        cardiovascularRisk: z.boolean().optional(),
      })
      .optional(),
    documentation: z
      .strictObject({
        functionalImprovement: z.boolean().optional(),
        painRelief: z.boolean().optional(),
        urineDrugScreen: z.boolean().optional(),
        opioidRiskAssessment: z.boolean().optional(),
        sideEffectsAssessed: z.boolean().optional(),
        homeExerciseProgram: z.boolean().optional(),
        returnedToWork: z.boolean().optional(),
        rationale: z.boolean().optional(),
        failedFirstLine: z.array(z.enum(FIRST_LINE_TRIALS)).optional(),
        // project additions
        surgeryConsidered: z.boolean().optional(), // the patient would consider surgery / surgery is planned
        priorProcedureRelief: z.boolean().optional(), // at least 50% relief for 6-8 weeks from the prior injection or procedure
        deviceTrialSuccess: z.boolean().optional(), // a one-month home trial of the device with documented use and outcomes
        psychologicalEvaluation: z.boolean().optional(),
        baselineFunctionalTesting: z.boolean().optional(),
        negativePredictorsAddressed: z.boolean().optional(),
        motivatedToChange: z.boolean().optional(),
        surgicalCandidate: z.boolean().optional(),
        rehabilitationAdjunct: z.boolean().optional(), // the item accompanies active rehabilitation or exercise
        medicationReducedOrNotTolerated: z.boolean().optional(),
        urineDrugScreensPastYear: z.number().int().nonnegative().optional(),
      })
      .optional(),
    history: z
      .strictObject({
        medications: z
          .array(
            z.strictObject({
              name: z.string().min(1),
              since: partialDate.optional(),
              current: z.boolean().optional(),
            }),
          )
          .optional(),
        treatments: z
          .array(
            z.strictObject({
              type: z.enum(TREATMENT_TYPES),
              sessions: z.number().int().nonnegative().optional(),
              functionalImprovement: z.boolean().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    requests: z.array(requestSchema).min(1, 'a case needs at least one requested item'),
    // project additions: the published letter's header, and where each fact came from
    determination: z
      .strictObject({
        caseNumber: z.string().optional(),
        decisionDate: isoDate.optional(),
        assignedDate: isoDate.optional(),
        urDenialDate: isoDate.optional(),
        reviewer: z.string().optional(),
        // the latest date the letter's case summary mentions (the request follows it)
        latestRecordDate: isoDate.optional(),
        // the guideline edition the letter names ("MTUS, 2009, Chronic pain") when it states no date
        editionCited: z.string().optional(),
      })
      .optional(),
    provenance: z.record(z.string(), provenanceSource).optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.requests.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requests', i, 'id'],
          message: `duplicate request id "${r.id}" (ids must be unique within a case)`,
        });
      }
      seen.add(r.id);
    });
  });

export type Case = z.infer<typeof caseSchema>;
export type Request = z.infer<typeof requestSchema>;
export type Condition = (typeof CONDITIONS)[number];
