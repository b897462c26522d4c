// Rule tests kept as data beside each topic (rules/<topic>.test.yaml), like Semgrep's ruleid/ok
// and ESLint's valid/invalid: every rule needs a case that fires it and one that passes it.
import { z } from 'zod';

const ruleIds = z.array(z.string().min(1)).optional();

export const expectationSchema = z.strictObject({
  outcome: z.enum(['upheld', 'overturned', 'not-covered']).optional(),
  fires: ruleIds,
  passes: ruleIds,
  notAssessable: ruleIds,
  notApplicable: ruleIds,
  evidence: z.record(z.string(), z.enum(['documented', 'not-documented'])).optional(),
});

export const ruleTestFileSchema = z.strictObject({
  topic: z.string().min(1),
  // a fixed "today" so cases without a request date do not drift with the calendar
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        note: z.string().optional(),
        // a known miss: reported, does not fail the run
        todo: z.string().optional(),
        case: z.unknown(),
        expect: z.record(z.string(), expectationSchema),
      }),
    )
    .min(1),
});

export type RuleTestFile = z.infer<typeof ruleTestFileSchema>;
export type Expectation = z.infer<typeof expectationSchema>;
