// Parsing an IMR Final Determination Letter into its header, reviewer, case summary and items.
// Three published layouts are read: the Final Determination layout (2014 on), the "DOCUMENTS
// REVIEWED / IMR DECISION(S) AND RATIONALE(S)" layout, and the early 2013 numbered layout.
import { DATE_PATTERN, joinLines, toIsoDate } from './text.js';

export type Decision = 'upheld' | 'overturned';
export type Layout = 'final-determination' | 'documents-reviewed' | 'early-2013';

export type LetterItem = {
  heading: string;
  // when utilization review certified part of the request: the request as first made, and the part certified
  original?: string;
  certified?: string;
  decision: Decision;
  claimsCitation?: string;
  imrCitation?: string;
  rationale: string;
};

export type ParsedLetter = {
  layout: Layout;
  header: { caseNumber?: string; assignedDate?: string; injuryDate?: string; decisionDate?: string; urDenialDate?: string };
  reviewer?: string;
  // the edition the letter names, for letters that state no date
  editionCited?: string;
  summary: string;
  items: LetterItem[];
  warnings: string[];
};

const DECISION_WORDS: Record<string, Decision> = { upheld: 'upheld', overturned: 'overturned' };

function headerDate(text: string, label: string): string | undefined {
  const m = new RegExp(`${label}:?\\s*(${DATE_PATTERN})`, 'i').exec(text);
  return m ? toIsoDate(m[1]) : undefined;
}

function readHeader(text: string): ParsedLetter['header'] {
  const head = text.slice(0, 1500);
  return {
    caseNumber: /Case Number:?\s*([A-Z]{2}\d{2}-\d{5,8})/i.exec(head)?.[1],
    assignedDate: headerDate(head, 'Date Assigned'),
    injuryDate: headerDate(head, 'Date of Injury'),
    decisionDate: headerDate(head, 'Decision Date') ?? headerDate(head, 'Dated'),
    urDenialDate: headerDate(head, 'UR Denial Date'),
  };
}

function readReviewer(text: string): string | undefined {
  const specialty =
    /Certification\(s\)\/Specialty:\s*(.+)/i.exec(text)?.[1] ??
    /Board Certified in ([^.]+?)(?: and is licensed| and has|\.|,)/i.exec(text.replace(/\n/g, ' '))?.[1];
  const licensure =
    /State\(s\) of Licensure:\s*(.+)/i.exec(text)?.[1] ?? /licensed to practice in ([^.]+?)\./i.exec(text.replace(/\n/g, ' '))?.[1];
  if (!specialty && !licensure) return undefined;
  return [specialty && `specialty: ${specialty.trim()}`, licensure && `licensed in: ${licensure.trim()}`].filter(Boolean).join('; ');
}

function between(lines: string[], start: RegExp, ends: RegExp[]): string[] {
  const i = lines.findIndex((l) => start.test(l));
  if (i < 0) return [];
  const rest = lines.slice(i + 1);
  const j = rest.findIndex((l) => ends.some((e) => e.test(l)));
  return j < 0 ? rest : rest.slice(0, j);
}

function citationText(lines: string[]): string | undefined {
  const text = joinLines(lines)
    .replace(/^(Claims Administrator|MAXIMUS|IMRO?) guideline:\s*/i, '')
    .replace(/Decision based on /gi, '; ')
    .replace(/^[;\s]+/, '')
    .replace(/\.\s*;/g, ';')
    .replace(/\s*;\s*/g, '; ')
    .replace(/\.$/, '')
    .trim();
  return text || undefined;
}

// The item heading ends with ": Upheld" / ": Overturned", sometimes on the next line, and may
// wrap over several lines; for partly certified requests it reads "The original request, X is:".
function itemHeading(lines: string[], at: number): { heading: string; decisionWord: string; from: number } | undefined {
  const line = lines[at];
  const m = /^(.*):\s*([A-Za-z]+)\.?$/.exec(line);
  let parts: string[];
  let word: string;
  let j = at;
  if (m?.[1].trim()) {
    parts = [m[1]];
    word = m[2];
  } else if (/^[A-Za-z]+\.?$/.test(line) && at > 0 && /:$/.test(lines[at - 1])) {
    word = line.replace(/\.$/, '');
    j = at - 1;
    parts = [lines[j].replace(/:$/, '')];
  } else return undefined;
  // a heading wraps over a few lines at most; the rationale before it may end without a period
  while (j > 0 && at - j < 6) {
    const prev = lines[j - 1];
    // a partly certified request's heading is several sentences: "X was the original request."
    const partOfPartial = /\b(?:was the original request|authorized by the Claims Administrator)\.$/i.test(prev);
    if (
      (/[.:]$/.test(prev) && !partOfPartial) ||
      /(medically necessary|appropriate)\.?$/i.test(prev) ||
      /^(Decision rationale|MAXIMUS guideline|Claims Administrator guideline)/i.test(prev)
    )
      break;
    j -= 1;
    parts.unshift(prev);
  }
  const heading = joinLines(parts).replace(/\s+is$/i, '');
  return { heading: heading.replace(/:$/, '').trim(), decisionWord: word, from: j };
}

function parseFinalDetermination(lines: string[], warnings: string[]): LetterItem[] {
  const start = lines.findIndex((l) => /^IMR (ISSUES, DECISIONS AND RATIONALES|DECISION\(S\) AND RATIONALE\(S\))/i.test(l));
  if (start < 0) {
    warnings.push('no "IMR ISSUES, DECISIONS AND RATIONALES" section: no items read');
    return [];
  }
  const body = lines.slice(start + 1);
  // every item carries a claims-administrator citation line right after its heading
  let anchors = body.flatMap((l, i) => (/^Claims Administrator guideline:/i.test(l) ? [i] : []));
  if (anchors.length === 0) {
    // a variant without the claims administrator's line: anchor on the decision lines instead
    anchors = body.flatMap((l, i) =>
      /:\s*(Upheld|Overturned)\.?$/i.test(l) || (/^(Upheld|Overturned)\.?$/i.test(l) && i > 0) ? [i + 1] : [],
    );
  }
  if (anchors.length === 0)
    warnings.push('the decisions section has no item (no "Claims Administrator guideline:" line and no Upheld/Overturned heading)');
  const items: LetterItem[] = [];
  const starts: Array<{ from: number; anchor: number; heading?: ReturnType<typeof itemHeading> }> = anchors.map((a) => ({
    from: a,
    anchor: a,
    heading: itemHeading(body, a - 1),
  }));
  starts.forEach((s) => {
    if (s.heading) s.from = s.heading.from;
  });
  starts.forEach((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1].from : body.length;
    const block = body.slice(s.anchor, end);
    if (!s.heading) {
      warnings.push(`item ${k + 1}: no heading with a decision before "${body[s.anchor].slice(0, 60)}"`);
      return;
    }
    const decision = DECISION_WORDS[s.heading.decisionWord.toLowerCase()];
    if (!decision) {
      warnings.push(
        `item ${k + 1} "${s.heading.heading}": unknown decision word "${s.heading.decisionWord}" (expected Upheld or Overturned); item left out`,
      );
      return;
    }
    const maximusAt = block.findIndex((l) => /^(MAXIMUS|IMRO?) guideline:/i.test(l));
    const rationaleAt = block.findIndex((l) => /^Decision rationale:/i.test(l));
    if (rationaleAt < 0) warnings.push(`item ${k + 1} "${s.heading.heading}": no decision rationale (letter truncated?)`);
    items.push({
      ...partialRequest(s.heading.heading),
      decision,
      claimsCitation: citationText(block.slice(0, maximusAt < 0 ? (rationaleAt < 0 ? block.length : rationaleAt) : maximusAt)),
      imrCitation: maximusAt < 0 ? undefined : citationText(block.slice(maximusAt, rationaleAt < 0 ? block.length : rationaleAt)),
      rationale: rationaleAt < 0 ? '' : joinLines(block.slice(rationaleAt)).replace(/^Decision rationale:\s*/i, ''),
    });
  });
  // a heading with a decision but no citation lines after it: the letter was cut short
  const decisionLines = body.filter((l) => /:\s*(Upheld|Overturned)\.?$/i.test(l) || /^(Upheld|Overturned)\.?$/i.test(l)).length;
  if (decisionLines > starts.length) {
    warnings.push(
      `${decisionLines - starts.length} decision heading(s) without the citation and rationale that follow an item (letter truncated?); those items were left out`,
    );
  }
  return items;
}

// "X was the original request. Y was authorized by the Claims Administrator. The remaining IMR
// eligible portion of the original request, Z": the item is the request as made (X), and UR's
// certified part (Y) is kept beside it; only the heading's last clause names what IMR decides.
export function partialRequest(heading: string): Pick<LetterItem, 'heading' | 'original' | 'certified'> {
  const original = /^(.+?)\s+was the original request\b/i.exec(heading)?.[1];
  const certified =
    /(?:^|\.\s+)([^.]+?)\s+(?:was|were) (?:authorized|certified|modified|approved)(?: by the Claims Administrator| by utilization review| by UR)?\b/i.exec(
      heading,
    )?.[1];
  if (original) return { heading, original, ...(certified ? { certified } : {}) };
  // the older wording without the first two sentences: "The original request, X"
  const remaining = /original request,\s*(.+)$/i.exec(heading)?.[1];
  return remaining ? { heading: remaining } : { heading };
}

// Early 2013 layout: a numbered list of determinations ("... has determined the request for X is
// not medically necessary and appropriate"), then per item the guideline relied upon and a rationale.
function parseEarly2013(lines: string[], warnings: string[]): LetterItem[] {
  const text = lines.join('\n');
  const decided = [...text.matchAll(/^(\d+)\)\s*([\s\S]+?(?:medically necessary and appropriate|medically\s+necessary)\.?)$/gm)];
  const byNumber = new Map<number, { heading: string; decision?: Decision; raw: string }>();
  for (const m of decided) {
    const n = Number(m[1]);
    if (byNumber.has(n)) continue;
    const sentence = joinLines(m[2].split('\n'));
    const req = /the request for (.+?) (is|was) (not ?medically necessary|medically necessary)/i.exec(sentence);
    if (!req) {
      warnings.push(`determination ${n}: could not read "${sentence.slice(0, 80)}"`);
      continue;
    }
    const not = /not ?medically/i.test(req[3]);
    byNumber.set(n, { heading: req[1].trim(), decision: not ? 'upheld' : 'overturned', raw: sentence });
  }
  // each determination's section starts with its number: "1. Flexeril 10mg #60:"
  const ruleStarts = lines.flatMap((l, i) => (/^\d+\.\s+\S/.test(l) ? [i] : []));
  const items: LetterItem[] = [];
  for (const [n, d] of [...byNumber.entries()].sort((a, b) => a[0] - b[0])) {
    const at = ruleStarts.find((i) => new RegExp(`^${n}\\.\\s`).test(lines[i]));
    const block = at === undefined ? [] : lines.slice(at + 1, ruleStarts.find((i) => i > at) ?? lines.length);
    const guideline = between(block, /MEDICAL TREATMENT GUIDELINE\(S\) RELIED UPON/i, [/RATIONALE FOR WHY/i]);
    const rationale = between(block, /RATIONALE FOR WHY THE REQUESTED TREATMENT/i, [/^\d+\.\s/]);
    if (!rationale.length) warnings.push(`determination ${n} "${d.heading}": no rationale section found`);
    items.push({
      heading: d.heading,
      decision: d.decision!,
      imrCitation: citationText(
        guideline.map((l) =>
          l.replace(/^The (Claims Administrator|Expert Reviewer)( based (his\/her|their) decision on| relied on)\s*(the\s+)?/i, ''),
        ),
      ),
      rationale: joinLines(rationale),
    });
  }
  if (items.length === 0) warnings.push('no numbered determinations ("... is (not) medically necessary and appropriate") found');
  return items;
}

export function detectLayout(text: string): Layout {
  if (/ISSUE AT DISPUTE|has determined the request for/i.test(text)) return 'early-2013';
  if (/DOCUMENTS REVIEWED|IMR DECISION\(S\) AND RATIONALE\(S\)/i.test(text)) return 'documents-reviewed';
  return 'final-determination';
}

export function parseLetter(cleaned: string): ParsedLetter {
  const lines = cleaned.split('\n');
  const warnings: string[] = [];
  const layout = detectLayout(cleaned);
  let summaryLines: string[];
  let items: LetterItem[];
  if (layout === 'early-2013') {
    summaryLines = between(lines, /^CASE SUMMARY:?$|^Case Summary:?$/i, [
      /^\d+\.\s/,
      /^MEDICAL TREATMENT GUIDELINE/i,
      /^ISSUE AT DISPUTE/i,
    ]);
    items = parseEarly2013(lines, warnings);
  } else {
    summaryLines = between(lines, /^CLINICAL CASE SUMMARY/i, [
      /^IMR (ISSUES, DECISIONS AND RATIONALES|DECISION\(S\) AND RATIONALE\(S\))/i,
      /^DOCUMENTS REVIEWED/i,
    ]);
    items = parseFinalDetermination(lines, warnings);
  }
  if (summaryLines.length === 0) warnings.push('no case summary found');
  const summary = joinLines(summaryLines)
    .replace(
      /^The (expert|physician) reviewer developed the following clinical case summary based on a review of the case file, including all medical records:\s*/i,
      '',
    )
    .replace(
      /^Disclaimer: The following case summary was taken directly from the utilization review denial\/modification dated [^.]+\.\s*/i,
      '',
    )
    .replace(/^["“]|["”]$/g, '');
  if (items.length === 0 && !warnings.some((w) => w.includes('item'))) warnings.push('no disputed items found');
  const oneLine = cleaned.replace(/\n/g, ' ');
  const editionCited = /Chronic Pain Medical Treatment(?: Guidelines)?,? 2016|MTUS,? 2016/i.test(oneLine)
    ? 'cpmtg-2016'
    : /\(MTUS\),? 2009|MTUS,? 2009|(Guidelines|Treatment),? (May )?2009/i.test(oneLine)
      ? 'cpmtg-2009'
      : undefined;
  return { layout, header: readHeader(cleaned), reviewer: readReviewer(cleaned), editionCited, summary, items, warnings };
}
