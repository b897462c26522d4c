// Operators that say on purpose what a missing fact means. json-rules-engine's built-ins let a
// missing fact fail a comparison silently; these make "not stated" an explicit outcome.
import { Operator } from 'json-rules-engine';

const missing = (v: unknown) => v === undefined || v === null || v === '';

export const CUSTOM_OPERATORS: Operator[] = [
  // fires on false and on "not stated": a reviewer cannot credit what the file does not show
  new Operator('isNotTrue', (v: unknown) => v !== true),
  new Operator('isMissing', (v: unknown) => missing(v)),
  new Operator('isPresent', (v: unknown) => !missing(v)),
  new Operator('isEmpty', (v: unknown) => missing(v) || (Array.isArray(v) && v.length === 0)),
  // false when the list is not stated: nothing is known to be in it
  new Operator('containsAny', (v: unknown, want: unknown) => Array.isArray(v) && Array.isArray(want) && v.some((x) => want.includes(x))),
  // true when the list is not stated: nothing is documented in it
  new Operator(
    'containsNone',
    (v: unknown, want: unknown) => !Array.isArray(v) || !Array.isArray(want) || !v.some((x) => want.includes(x)),
  ),
];

// Operators whose result on a missing fact is a plain "false" (not a decision about absence):
// when a rule does not fire because of one of these, the criterion was not assessable.
export const SILENT_ON_MISSING = new Set([
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
  'containsAny',
]);
