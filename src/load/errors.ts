// One error shape for every bad input: which file, which field, what was expected.
import type { z } from 'zod';

export type InputIssue = { path: string; message: string };

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly issues: InputIssue[],
  ) {
    super(`${file}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'InputError';
  }
}

// zod paths as people write them: requests[0].actual.reasons[1]
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export function zodIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (not in the format; check the spelling)`;
    } else if (issue.code === 'invalid_union' && 'errors' in issue) {
      message = 'does not match any allowed form';
    }
    return { path: formatPath(issue.path), message };
  });
}
