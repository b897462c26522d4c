// The importer's rules as data: src/import/patterns/*.yaml hold the ConText triggers, the
// lexicons and the extraction patterns, so a new way of writing a fact is added in one data file.
// Each file is validated when first used; a bad entry is an error naming the file and the entry.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

// The YAML files stay beside the sources (src/import/patterns), which dist/import reaches by the
// same relative path; package.json ships that folder.
export const PATTERNS_DIR = fileURLToPath(new URL('../../src/import/patterns/', import.meta.url));

export class PatternError extends Error {}

export const CONTEXT_CATEGORIES = ['negated', 'possible', 'historical', 'hypothetical', 'other-person'] as const;
export type ContextCategory = (typeof CONTEXT_CATEGORIES)[number];

const trigger = z
  .strictObject({
    phrase: z.string().min(1).optional(),
    pattern: z.string().min(1).optional(),
    category: z.enum(CONTEXT_CATEGORIES).optional(),
    direction: z.enum(['forward', 'backward', 'bidirectional', 'terminate', 'pseudo']),
    scope: z.number().int().positive().optional(),
  })
  .refine((t) => Boolean(t.phrase) !== Boolean(t.pattern), 'give exactly one of phrase and pattern')
  .refine(
    (t) => (t.direction === 'terminate' || t.direction === 'pseudo') === (t.category === undefined),
    'a forward, backward or bidirectional trigger needs a category; terminate and pseudo take none',
  );
export const contextFile = z.strictObject({ triggers: z.array(trigger).min(1) });
export type ContextFile = z.infer<typeof contextFile>;

// A regular expression written in a data file: compiled once, case-insensitive.
const regex = z.string().min(1);

export function compile(source: string, where: string, flags = 'i'): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new PatternError(`${where}: not a valid regular expression: ${(e as Error).message}`);
  }
}

const cache = new Map<string, unknown>();

// Reads and validates one data file of src/import/patterns.
export function loadPatterns<T>(name: string, schema: z.ZodType<T>, dir = PATTERNS_DIR): T {
  const key = `${dir}|${name}`;
  if (cache.has(key)) return cache.get(key) as T;
  const file = `${dir}${name}`;
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PatternError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new PatternError(`${file}: ${first.join('; ')}`);
  }
  cache.set(key, r.data);
  return r.data;
}

export { regex };
