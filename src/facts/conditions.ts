// Deriving condition tags from free-text diagnoses when a case does not list `conditions`.
// Explanations show the tags derived and the words that produced them.
import type { Condition } from '../schema/case.js';

const LEXICON: Array<[RegExp, Condition[]]> = [
  [/\bchronic pain\b/i, ['chronic-pain']],
  [/\bchronic (low )?back pain\b/i, ['chronic-pain', 'chronic-low-back-pain', 'low-back-pain']],
  [/\b(low back|lumbar|lumbosacral)\b.*\b(pain|sprain|strain)\b|\blumbago\b/i, ['low-back-pain']],
  [/\b(neck|cervical)\b.*\b(pain|sprain|strain)\b|\bcervicalgia\b/i, ['neck-pain']],
  [/\bradicul(opathy|itis|ar)\b|\bsciatica\b/i, ['radiculopathy', 'neuropathic-pain']],
  [/\bneuropath(y|ic)\b|\bneuralgia\b|\bneuritis\b|\bdysesthesia\b/i, ['neuropathic-pain']],
  [/\bdiabetic (peripheral )?neuropathy\b/i, ['diabetic-neuropathy', 'neuropathic-pain']],
  [/\bpost[- ]?herpetic\b/i, ['post-herpetic-neuralgia', 'neuropathic-pain']],
  [/\btrigeminal neuralgia\b/i, ['trigeminal-neuralgia', 'neuropathic-pain']],
  [/\b(crps|complex regional pain|reflex sympathetic dystrophy|rsd)\b/i, ['crps', 'neuropathic-pain']],
  [/\bpost[- ]?laminectomy\b|\bfailed back\b/i, ['post-laminectomy-syndrome', 'chronic-pain']],
  [/\bosteoarthritis\b|\bdegenerative joint disease\b|\bdjd\b|\barthrosis\b/i, ['osteoarthritis']],
  [/\btendinitis\b|\btendonitis\b|\btendinosis\b|\bepicondylitis\b/i, ['tendinitis']],
  [/\bspastic(ity)?\b/i, ['spasticity']],
  [/\bspinal cord injury\b|\bmyelopathy\b|\bparaplegi|\bquadriplegi|\btetraplegi/i, ['spinal-cord-injury']],
  [/\bmultiple sclerosis\b/i, ['multiple-sclerosis']],
  [/\bdepress(ion|ive)\b/i, ['depression']],
  [/\banxiety\b/i, ['anxiety']],
  [/\binsomnia\b|\bsleep (disorder|disturbance)\b/i, ['insomnia']],
  [/\bfibromyalgia\b/i, ['fibromyalgia']],
  [/\bmyofascial\b|\bmyalgia\b|\bmyositis\b/i, ['myofascial-pain']],
  [/\bdyspepsia\b|\bgastritis\b/i, ['dyspepsia']],
  [/\bgerd\b|\bgastro-?esophageal reflux\b|\breflux\b/i, ['gerd']],
];

export type DerivedConditions = { tags: Condition[]; from: Array<{ diagnosis: string; tags: Condition[] }> };

export function conditionsFromDiagnoses(diagnoses: readonly string[]): DerivedConditions {
  const tags = new Set<Condition>();
  const from: DerivedConditions['from'] = [];
  for (const diagnosis of diagnoses) {
    const hit = new Set<Condition>();
    for (const [re, t] of LEXICON) if (re.test(diagnosis)) for (const x of t) hit.add(x);
    if (hit.size > 0) {
      from.push({ diagnosis, tags: [...hit] });
      for (const x of hit) tags.add(x);
    }
  }
  return { tags: [...tags].sort(), from };
}
