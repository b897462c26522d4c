// How deeply a YAML or JSON text nests, found by one pass over the characters before any parser
// builds a tree. A parser given two megabytes of "[[[[..." takes seconds and a gigabyte to fail;
// this pass takes milliseconds and no memory, so such a text is refused before it costs anything.
//
// It counts what opens a level: flow brackets ([ and {) outside quoted strings and comments, and
// YAML's compact block sequences ("- - - x" opens a level per dash). It may count a level that the
// parser would not (a bracket in a plain scalar), never fewer, so a text it passes is at most that
// deep; the parsed data is measured again afterwards.

export type DepthExcess = { depth: number; line: number };

// The first place where the text nests deeper than `limit`, or undefined when it never does.
export function excessDepth(text: string, limit: number): DepthExcess | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = true;
  // compact "- " markers at the start of the current line
  let dashes = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote !== undefined) {
      if (ch === 92 /* \ */ && quote === '"') i += 1;
      else if (ch === quote.charCodeAt(0)) quote = undefined;
      else if (ch === 10) line += 1;
      continue;
    }
    switch (ch) {
      case 10 /* \n */:
        line += 1;
        lineStart = true;
        dashes = 0;
        continue;
      case 32 /* space */:
      case 9 /* tab */:
        continue;
      case 34 /* " */:
        quote = '"';
        break;
      case 39 /* ' */:
        // an apostrophe inside a plain word ("O'Brien") does not start a quoted string
        if (i === 0 || /[\s[{,:-]/.test(text[i - 1])) quote = "'";
        break;
      case 35 /* # */:
        // a comment runs to the end of the line (only after a space or at the start of a line)
        if (i === 0 || /\s/.test(text[i - 1])) {
          const end = text.indexOf('\n', i);
          i = end < 0 ? text.length : end - 1;
        }
        continue;
      case 91 /* [ */:
      case 123 /* { */:
        flow += 1;
        if (flow + dashes > limit) return { depth: flow + dashes, line };
        break;
      case 93 /* ] */:
      case 125 /* } */:
        if (flow > 0) flow -= 1;
        break;
      case 45 /* - */:
        if (lineStart && /\s/.test(text[i + 1] ?? '\n')) {
          dashes += 1;
          if (flow + dashes > limit) return { depth: flow + dashes, line };
          continue;
        }
        break;
    }
    lineStart = false;
  }
  return undefined;
}
