// Documents generated from the schemas and the rule pack, committed under docs/ and checked to be
// current by a test: the case format, JSON Schemas for editors, and the rule pack.
import { z } from 'zod';
import type { RulePack } from '../load/rules.js';
import { caseSchema } from '../schema/case.js';
import { topicFileSchema } from '../schema/rules.js';
import { fieldMeta, unwrapSchema } from '../facts/vocabulary.js';
import type { RuleTestExamples } from '../evaluate/rule-tests.js';
import { rulesMarkdown } from './markdown.js';

type AnySchema = Parameters<typeof unwrapSchema>[0];
type Row = { path: string; type: string; label: string };

function typeText(s: AnySchema): string {
  const t = unwrapSchema(s) as AnySchema & { options?: readonly string[]; element?: AnySchema };
  switch (t.def.type) {
    case 'enum':
      return (t.options ?? []).map((o) => `\`${o}\``).join(' \\| ');
    case 'array':
      return `list of ${typeText(t.element as AnySchema)}`;
    case 'object':
      return 'object';
    case 'union':
      return 'date (YYYY, YYYY-MM or YYYY-MM-DD)';
    case 'record':
      return 'map';
    default:
      return t.def.type;
  }
}

function rows(schema: AnySchema, prefix: string, out: Row[]): Row[] {
  const t = unwrapSchema(schema) as AnySchema & { shape?: Record<string, AnySchema>; element?: AnySchema };
  const shape =
    t.def.type === 'object'
      ? t.shape
      : t.def.type === 'array'
        ? (unwrapSchema(t.element as AnySchema) as { shape?: Record<string, AnySchema> }).shape
        : undefined;
  if (!shape) return out;
  const base = t.def.type === 'array' ? `${prefix}[]` : prefix;
  for (const [key, field] of Object.entries(shape)) {
    const path = base ? `${base}.${key}` : key;
    const { label, unit } = fieldMeta(field);
    out.push({ path, type: typeText(field), label: `${label ?? ''}${unit ? ` (${unit})` : ''}` });
    rows(field, path, out);
  }
  return out;
}

export function caseFormatMarkdown(): string {
  const table = rows(caseSchema as unknown as AnySchema, '', []);
  return [
    '# The case format',
    '',
    'One YAML or JSON document describes one case: one patient, what the submitted records document, and',
    'the requested items. This table is generated from `src/schema/case.ts` by `imr-check docs`. The format',
    'is a contract: fields are only ever added, never renamed or dropped, so every case file keeps loading.',
    'Every field is optional unless the schema requires it (`id`, `requests`, and per item `id`, `text`,',
    '`kind`, `name`). Facts are tri-state: `true` documented, `false` documented as absent, left out not',
    'stated. A JSON Schema for editors is `docs/case.schema.json`.',
    '',
    '| field | type | meaning |',
    '| --- | --- | --- |',
    ...table.map((r) => `| \`${r.path}\` | ${r.type} | ${r.label} |`),
    '',
  ].join('\n');
}

const jsonSchema = (schema: z.ZodType) => `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;

export type Docs = Record<string, string>;

// file name under docs/ -> content
export function generatedDocs(pack: RulePack, examples: RuleTestExamples): Docs {
  return {
    'case-format.md': caseFormatMarkdown(),
    'case.schema.json': jsonSchema(caseSchema),
    'rule-format.schema.json': jsonSchema(topicFileSchema),
    'rules.md': `${rulesMarkdown(pack, examples)}\n`,
  };
}
