// Reading an item heading ("Baclofen 10mg #90", "Acupuncture two (2) times a week for four (4)
// weeks") into request fields, and resolving its name with the catalog.
import type { Request } from '../schema/case.js';
import { type CatalogIndex, type Resolution, resolveName } from '../facts/catalog.js';
import { numerals, parseRequestText, parseSites, summarizeSites } from '../facts/request-text.js';

export { numerals } from '../facts/request-text.js';

export function bodyRegionOf(text: string): Request['bodyRegion'] | undefined {
  return summarizeSites(parseSites(text)).bodyRegion;
}

export type ParsedHeading = Omit<Request, 'id' | 'actual'> & { resolutionNote: string; known: boolean };

function kindOf(text: string, strength?: string): Request['kind'] {
  if (/\b(mri|x-?rays?|ct scan|\bct\b|imaging|ultrasound|bone scan|radiograph)/i.test(text)) return 'imaging';
  if (/\b(program|restoration|hardening|conditioning)\b/i.test(text)) return 'program';
  if (/\b(therapy|acupuncture|chiropractic|sessions?|visits?|massage|psychotherapy)\b/i.test(text)) return 'therapy';
  if (/\b(injections?|blocks?|surgery|arthroscop|ectomy|plasty|fusion|release|repair|ablation|implant)/i.test(text)) return 'procedure';
  if (/\b(unit|brace|cane|walker|wheelchair|cushion|pillow|mattress|supplies|purchase|rental)\b/i.test(text)) return 'dme';
  return strength ? 'medication' : 'other';
}

const SIDE_WORDS = /\b(?:right|left|bilateral|bilaterally|both)\b/gi;
const NOISE =
  /\((?:magnetic resonance imaging|MRI)\)|\b(?:with(?:out)? contrast|single positional|open|1\.5 tesla or higher only|under fluoroscopic guidance)\b/gi;
const MODALITY = /\b(MRI|magnetic resonance imaging|x-?rays?|CT(?: scan)?|ultrasound|bone scan)\b/i;

// The most specific catalog entry the heading names: "MRI of the right shoulder without contrast"
// is the shoulder MRI, not any MRI; "Labs to include: EKG" is the EKG.
function bestResolution(text: string, index: CatalogIndex): Resolution {
  const bare = text.replace(NOISE, ' ').replace(SIDE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  const candidates = [text, bare, bare.replace(/^[^:]*:\s*/, '')];
  const modality = MODALITY.exec(bare)?.[1];
  const site = parseSites(bare)[0];
  if (modality && site) {
    const word = /magnetic/i.test(modality) ? 'MRI' : modality;
    candidates.push(`${word} of the ${site.text.replace(/s$/, '')}`);
  }
  let best: Resolution = resolveName(index, text);
  for (const c of candidates) {
    const r = resolveName(index, c);
    if (r.status !== 'resolved') continue;
    if (best.status !== 'resolved' || r.matched.length > best.matched.length) best = r;
  }
  return best;
}

// "Flurbiprofen 20%, Baclofen 5%, Menthol 2% in cream base" -> the ingredients as written
function ingredientsOf(text: string): string[] | undefined {
  const parts = text
    .replace(/^(?:compound(?:ed)?|topical)\s+/i, '')
    .split(/\s*[/,]\s*|\s+and\s+/)
    .map((p) => p.replace(/\s*\d+(?:\.\d+)?\s*%.*$/, '').trim())
    .filter((p) => /^[A-Za-z][A-Za-z -]+$/.test(p) && !/\b(?:cream|base|grams?|gel|ointment)\b/i.test(p));
  return parts.length >= 2 && /%/.test(text) ? parts.map((p) => p.toLowerCase()) : undefined;
}

// A course of therapy or a program is counted in sessions; anything else (injections, equipment,
// visits) in units, as its quantity.
export const countsSessions = (kind: Request['kind']): boolean => kind === 'therapy' || kind === 'program';

export function parseHeading(raw: string, index: CatalogIndex): ParsedHeading {
  const text = raw
    .replace(/^(prospective|retrospective|concurrent)( request)?( for)?:?\s*/i, '')
    .replace(/^(associated surgical services?|pre-?op(erative)?( services?)?|post-?op(erative)?( services?)?):\s*/i, '')
    .replace(/^(1|one) prescription (of|for)\s*/i, '')
    .trim();
  const parts = parseRequestText(text);
  const resolution = bestResolution(text, index);
  const kind = resolution.status === 'resolved' ? resolution.product.kind : kindOf(numerals(text), parts.strength);
  const isSessionKind = countsSessions(kind);
  const name = resolution.status === 'resolved' ? resolution.matched : text.replace(/\s*[#(\d].*$/, '').trim() || text;
  const ingredients = kind === 'medication' ? ingredientsOf(text) : undefined;
  // "#8" on a course of therapy counts its sessions
  const sessions = isSessionKind ? (parts.sessions ?? parts.quantity) : undefined;
  const indication =
    /\bfor (?:(?:the )?(?:left|right|bilateral) )?([a-z ]*(?:fracture|pain|dysfunction|spasms?|insomnia|nausea|wound care)[a-z ]*)$/i.exec(
      text,
    )?.[1];
  return {
    text: raw,
    kind,
    name,
    strength: kind === 'medication' ? parts.strength : undefined,
    quantity: isSessionKind ? undefined : parts.quantity,
    frequency: parts.frequency ?? (isSessionKind ? weeklyText(text) : undefined),
    // a course of therapy states its span as weeks, not as a duration
    duration: isSessionKind && parts.weeks !== undefined && parts.perWeek !== undefined ? undefined : parts.duration,
    sessions,
    perWeek: isSessionKind ? parts.perWeek : undefined,
    weeks: isSessionKind ? parts.weeks : undefined,
    bodyRegion: parts.bodyRegion,
    side: parts.side,
    ...(ingredients ? { ingredients } : {}),
    ...(indication ? { indication: indication.trim() } : {}),
    ...(parts.levels !== undefined && kind === 'procedure' ? { levels: parts.levels } : {}),
    ...(/\brental\b/i.test(text)
      ? { acquisition: 'rental' as const }
      : /\bpurchase\b/i.test(text)
        ? { acquisition: 'purchase' as const }
        : {}),
    resolutionNote: resolution.note,
    known: resolution.status === 'resolved',
  };
}

// "2-3 times a week", "three times weekly": a course's rhythm as written
function weeklyText(text: string): string | undefined {
  return /\b(?:\d+(?:\s*-\s*\d+)?|one|two|three|four|five)\s*(?:x|times?)\s*(?:a|per|\/)?\s*(?:week|weekly)\b/i.exec(text)?.[0];
}
