// Deriving condition tags from free-text diagnoses when a case does not list `conditions`, by the
// lexicon in rules/definitions.yaml. Explanations show the tags derived and the words that produced them.
import type { Definitions } from '../schema/rules.js';

type Lexicon = Definitions['conditionLexicon']['value'];
export type DerivedConditions = { tags: string[]; from: Array<{ diagnosis: string; tags: string[] }> };

const compiled = new WeakMap<Lexicon, Array<[RegExp, string[]]>>();

function patterns(lexicon: Lexicon): Array<[RegExp, string[]]> {
  let p = compiled.get(lexicon);
  if (!p) {
    p = lexicon.map((e) => [new RegExp(e.pattern, 'i'), e.tags]);
    compiled.set(lexicon, p);
  }
  return p;
}

export function conditionsFromDiagnoses(diagnoses: readonly string[], lexicon: Lexicon): DerivedConditions {
  const tags = new Set<string>();
  const from: DerivedConditions['from'] = [];
  for (const diagnosis of diagnoses) {
    const hit = new Set<string>();
    for (const [re, t] of patterns(lexicon)) if (re.test(diagnosis)) for (const x of t) hit.add(x);
    if (hit.size > 0) {
      from.push({ diagnosis, tags: [...hit] });
      for (const x of hit) tags.add(x);
    }
  }
  return { tags: [...tags].sort(), from };
}
