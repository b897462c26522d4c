// One error shape for every bad input: which file, which field (path and label), what was expected,
// in words a person filling in a case understands (never the schema library's own wording).
import type { z } from 'zod';
import { fieldMeta, unwrapSchema } from '../facts/vocabulary.js';

export type InputIssue = { path: string; message: string; label?: string };

// "requests[0].quantity (quantity on the request): should be a number, not the text "ten""
export const issueText = (i: InputIssue): string => (i.path ? `${i.path}${i.label ? ` (${i.label})` : ''}: ${i.message}` : i.message);

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly issues: InputIssue[],
  ) {
    super(`${file}: ${issues.map(issueText).join('; ')}`);
    this.name = 'InputError';
  }
}

// zod paths as people write them: requests[0].actual.reasons[1]
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

type AnySchema = Parameters<typeof unwrapSchema>[0];
type Walkable = AnySchema & { shape?: Record<string, AnySchema>; element?: AnySchema; def: { valueType?: AnySchema } };

// The label the schema gives the field at `path` (the deepest labelled field along it).
export function labelAt(root: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let s: Walkable | undefined = root as unknown as Walkable;
  let label: string | undefined;
  for (const key of path) {
    if (!s) break;
    const t = unwrapSchema(s) as Walkable;
    if (t.def.type === 'object' && typeof key === 'string') s = t.shape?.[key] as Walkable | undefined;
    else if (t.def.type === 'array' && typeof key === 'number') s = t.element as Walkable | undefined;
    else if (t.def.type === 'record') s = t.def.valueType as Walkable | undefined;
    else s = undefined;
    if (s && typeof key === 'string') label = fieldMeta(s).label ?? label;
  }
  return label;
}

const KIND_WORD: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  record: 'a group of fields',
};

function describe(input: unknown): string {
  if (typeof input === 'string') return `the text "${input.length > 40 ? `${input.slice(0, 40)}...` : input}"`;
  if (typeof input === 'number') return `the number ${input}`;
  if (typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'empty';
  return typeof input === 'object' ? 'a group of fields' : String(input);
}

type RawIssue = {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
  errors?: Array<Array<{ code?: string; expected?: string }>>;
};

// An error map for zod (`safeParse(data, { error: issueWords })`): plain words for each kind of
// problem. Messages written on a schema field (dates, custom checks) take precedence over it.
export function issueWords(iss: RawIssue): string | undefined {
  const got = describe(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      if (iss.input === null) return 'is empty: give a value or leave the field out';
      return `should be ${KIND_WORD[iss.expected ?? ''] ?? iss.expected}, not ${got}`;
    case 'invalid_value': {
      const allowed = (iss.values ?? []).map(String).join(', ');
      return `${got} is not one of the allowed values: ${allowed}`;
    }
    case 'too_small':
      if (iss.origin === 'string') return 'must not be empty';
      if (iss.origin === 'array') return `needs at least ${iss.minimum} entr${iss.minimum === 1 ? 'y' : 'ies'}`;
      // the same words as the web form's
      return iss.inclusive ? `must be ${iss.minimum} or more` : `must be greater than ${iss.minimum}`;
    case 'too_big':
      if (iss.origin === 'string') return `is too long (at most ${iss.maximum} characters)`;
      if (iss.origin === 'array') return `has too many entries (at most ${iss.maximum})`;
      return iss.inclusive ? `must be ${iss.maximum} or less` : `must be less than ${iss.maximum}`;
    case 'invalid_union': {
      const expected = [...new Set((iss.errors ?? []).flatMap((e) => e.map((x) => KIND_WORD[x.expected ?? ''] ?? x.expected)))];
      return expected.length ? `should be ${expected.join(' or ')}, not ${got}` : 'does not match any allowed form';
    }
    case 'invalid_format':
      return 'is not written in the expected form';
    default:
      return undefined;
  }
}

export function zodIssues(error: z.ZodError, root?: z.ZodType): InputIssue[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (not in the format; check the spelling)`;
    } else if (issue.code === 'invalid_union' && 'errors' in issue && message === 'Invalid input') {
      message = 'does not match any allowed form';
    }
    const label = root && issue.path.length ? labelAt(root, issue.path) : undefined;
    return { path: formatPath(issue.path), message, ...(label ? { label } : {}) };
  });
}
