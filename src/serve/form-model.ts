// What the web form shows, derived from the case schema so that a field added to the format shows
// up on the page (and a field the page does not show is kept from a loaded file, not dropped).
import type { z } from 'zod';
import { BODY_REGIONS, CONDITIONS, FIRST_LINE_TRIALS, REQUEST_KINDS, TREATMENT_TYPES, caseSchema } from '../schema/case.js';
import { FACTS } from '../facts/vocabulary.js';

export type FieldType = 'boolean' | 'number' | 'integer' | 'text' | 'enum' | 'enum[]';
export type FormField = { key: string; path: string; label: string; type: FieldType; options?: string[] };

type AnySchema = z.ZodType & { def: { type: string }; unwrap?: () => AnySchema };

function unwrap(s: AnySchema): AnySchema {
  let t = s;
  while ((t.def.type === 'optional' || t.def.type === 'nullable' || t.def.type === 'default') && t.unwrap) t = t.unwrap();
  return t;
}

function typeOf(s: AnySchema): { type: FieldType; options?: string[] } {
  const t = unwrap(s) as AnySchema & { options?: string[]; element?: AnySchema; format?: string | null; isInt?: boolean };
  switch (t.def.type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: t.format === 'safeint' || t.isInt ? 'integer' : 'number' };
    case 'enum':
      return { type: 'enum', options: [...(t.options ?? [])] };
    case 'array': {
      const el = unwrap(t.element as AnySchema) as AnySchema & { options?: string[] };
      if (el.def.type === 'enum') return { type: 'enum[]', options: [...(el.options ?? [])] };
      return { type: 'text' };
    }
    default:
      return { type: 'text' };
  }
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// "objectiveNeurologicDeficit" -> "Objective neurologic deficit", for fields the vocabulary has no label for
const words = (key: string) => sentence(key.replace(/([A-Z])/g, ' $1').toLowerCase());

function objectShape(key: 'findings' | 'documentation'): Record<string, AnySchema> {
  const shape = (caseSchema as unknown as { shape: Record<string, AnySchema> }).shape;
  return (unwrap(shape[key]) as unknown as { shape: Record<string, AnySchema> }).shape;
}

function fieldsOf(group: 'findings' | 'documentation'): FormField[] {
  return Object.entries(objectShape(group)).map(([key, schema]) => {
    const path = `${group}.${key}`;
    return { key, path, label: sentence(FACTS[path]?.label ?? words(key)), ...typeOf(schema) };
  });
}

export type FormModel = {
  findings: FormField[];
  documentation: FormField[];
  kinds: readonly string[];
  bodyRegions: readonly string[];
  conditions: readonly string[];
  treatmentTypes: readonly string[];
  firstLineTrials: readonly string[];
  // the item fields that fit each kind of request; the page hides the others while they are empty
  fieldsByKind: Record<string, string[]>;
  // the keys the form edits at each level; anything else in a loaded file is kept as it was
  handled: {
    case: string[];
    patient: string[];
    injury: string[];
    history: string[];
    medication: string[];
    treatment: string[];
    request: string[];
    findings: string[];
    documentation: string[];
  };
};

// What an office states for each kind of item: a drug's strength, quantity, how often and how
// long; a course of therapy's sessions and rhythm; a procedure's site and levels. "other" shows all.
const COMMON = ['name', 'kind', 'text', 'indication'];
const FIELDS_BY_KIND: Record<string, string[]> = {
  medication: [...COMMON, 'strength', 'quantity', 'frequency', 'duration', 'ingredients', 'bodyRegion'],
  therapy: [...COMMON, 'sessions', 'perWeek', 'weeks', 'bodyRegion'],
  procedure: [...COMMON, 'bodyRegion', 'levels', 'sessions'],
  imaging: [...COMMON, 'bodyRegion'],
  dme: [...COMMON, 'quantity', 'duration', 'acquisition', 'bodyRegion'],
  program: [...COMMON, 'sessions', 'perWeek', 'weeks', 'duration'],
};

let model: FormModel | undefined;

export function formModel(): FormModel {
  if (model) return model;
  const findings = fieldsOf('findings');
  const documentation = fieldsOf('documentation');
  model = {
    findings,
    documentation,
    kinds: REQUEST_KINDS,
    bodyRegions: BODY_REGIONS,
    conditions: CONDITIONS,
    treatmentTypes: TREATMENT_TYPES,
    firstLineTrials: FIRST_LINE_TRIALS,
    fieldsByKind: FIELDS_BY_KIND,
    handled: {
      case: ['id', 'requestDate', 'patient', 'injury', 'diagnoses', 'conditions', 'findings', 'documentation', 'history', 'requests'],
      patient: ['age', 'sex'],
      injury: ['date', 'mechanism', 'bodyRegions'],
      history: ['medications', 'treatments'],
      medication: ['name', 'since', 'current'],
      treatment: ['type', 'sessions', 'functionalImprovement'],
      request: [
        'id',
        'text',
        'kind',
        'name',
        'strength',
        'quantity',
        'frequency',
        'duration',
        'sessions',
        'perWeek',
        'weeks',
        'bodyRegion',
        'indication',
        'ingredients',
        'levels',
        'acquisition',
      ],
      findings: findings.map((f) => f.key),
      documentation: documentation.map((f) => f.key),
    },
  };
  return model;
}
