// The one table of rule operators: their names, the fact types they apply to, what value they take,
// what a missing fact means, and the test itself. The rule schema, the loader's type checks, the
// engine and the explanations all read it, so an operator cannot mean one thing to the loader and
// another to the engine.

export type FactType = 'boolean' | 'number' | 'string' | 'string[]';

// `takes`: none (no value), scalar (one value of the fact's element type), list (a non-empty list of them).
// `onMissing`: what the operator answers when the fact is not stated:
//   fires    — true: "not stated" counts against the item (a reviewer cannot credit what is not shown)
//   passes   — false, and that is a decision (e.g. "isPresent": nothing is there)
//   unknown  — false, but only because there was nothing to compare: when a rule stays quiet for
//              this reason, the criterion is "not assessable", never "met"
export type OperatorSpec = {
  types: readonly FactType[];
  takes: 'none' | 'scalar' | 'list';
  onMissing: 'fires' | 'passes' | 'unknown';
  test: (fact: unknown, value: unknown) => boolean;
  // how the operator reads in a sentence ("is greater than 10")
  words: string;
};

export const isMissingValue = (v: unknown): boolean => v === undefined || v === null || v === '';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

const ALL: readonly FactType[] = ['boolean', 'number', 'string', 'string[]'];
const SCALARS: readonly FactType[] = ['boolean', 'number', 'string'];

export const OPERATOR_TABLE = {
  equal: { types: SCALARS, takes: 'scalar', onMissing: 'unknown', test: (f, v) => f === v, words: 'is' },
  notEqual: { types: SCALARS, takes: 'scalar', onMissing: 'fires', test: (f, v) => f !== v, words: 'is not' },
  lessThan: { types: ['number'], takes: 'scalar', onMissing: 'unknown', test: (f, v) => num(f) < num(v), words: 'is less than' },
  lessThanInclusive: { types: ['number'], takes: 'scalar', onMissing: 'unknown', test: (f, v) => num(f) <= num(v), words: 'is at most' },
  greaterThan: { types: ['number'], takes: 'scalar', onMissing: 'unknown', test: (f, v) => num(f) > num(v), words: 'is more than' },
  greaterThanInclusive: {
    types: ['number'],
    takes: 'scalar',
    onMissing: 'unknown',
    test: (f, v) => num(f) >= num(v),
    words: 'is at least',
  },
  in: { types: ['number', 'string'], takes: 'list', onMissing: 'unknown', test: (f, v) => list(v).includes(f), words: 'is one of' },
  notIn: { types: ['number', 'string'], takes: 'list', onMissing: 'fires', test: (f, v) => !list(v).includes(f), words: 'is none of' },
  contains: { types: ['string[]'], takes: 'scalar', onMissing: 'unknown', test: (f, v) => list(f).includes(v), words: 'includes' },
  doesNotContain: {
    types: ['string[]'],
    takes: 'scalar',
    onMissing: 'unknown',
    test: (f, v) => Array.isArray(f) && !f.includes(v),
    words: 'does not include',
  },
  // fires on false and on "not stated": a reviewer cannot credit what the file does not show
  isNotTrue: { types: ['boolean'], takes: 'none', onMissing: 'fires', test: (f) => f !== true, words: 'is not documented' },
  isMissing: { types: ALL, takes: 'none', onMissing: 'fires', test: (f) => isMissingValue(f), words: 'is not stated' },
  isPresent: { types: ALL, takes: 'none', onMissing: 'passes', test: (f) => !isMissingValue(f), words: 'is stated' },
  isEmpty: {
    types: ['string[]'],
    takes: 'none',
    onMissing: 'fires',
    test: (f) => isMissingValue(f) || (Array.isArray(f) && f.length === 0),
    words: 'lists nothing',
  },
  // nothing is known to be in a list that is not stated
  containsAny: {
    types: ['string[]'],
    takes: 'list',
    onMissing: 'unknown',
    test: (f, v) => Array.isArray(f) && list(v).some((x) => f.includes(x)),
    words: 'includes any of',
  },
  // nothing is documented in a list that is not stated
  containsNone: {
    types: ['string[]'],
    takes: 'list',
    onMissing: 'fires',
    test: (f, v) => !Array.isArray(f) || !list(v).some((x) => f.includes(x)),
    words: 'includes none of',
  },
} as const satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof OPERATOR_TABLE;
export const OPERATORS = Object.keys(OPERATOR_TABLE) as [OperatorName, ...OperatorName[]];

// The test with the missing-fact answer applied, as the engine runs it.
export function runOperator(name: OperatorName, fact: unknown, value: unknown): boolean {
  const spec: OperatorSpec = OPERATOR_TABLE[name];
  if (isMissingValue(fact)) return spec.onMissing === 'fires';
  return spec.test(fact, value);
}
