// A problem or warning in the words `check` prints it: "requests[0].quantity (quantity on the
// request): must be greater than 0", as src/load/errors.ts issueText (the page imports nothing from
// the server's code; the browser tests hold the two to the same words).
import type { Issue } from './types.js';

export const issueText = (i: Issue): string => (i.path ? `${i.path}${i.label ? ` (${i.label})` : ''}: ${i.message}` : i.message);
