// A small clinical-text layer: sentences, and a ConText/NegEx-style matcher that says whether a
// finding in a sentence is negated, possible, historical, hypothetical or about someone else.
// Its triggers are data (patterns/context.yaml).
import { type ContextCategory, type ContextFile, compile, contextFile, loadPatterns } from './patterns.js';

// Abbreviations whose period does not end a sentence.
const NO_BREAK =
  /\b(?:e\.g|i\.e|vs|Dr|Mr|Mrs|Ms|p|pp|approx|no|Fig|etc|St|Jr|Sr|Inc|al|cc|mg|ml|q|b\.i\.d|t\.i\.d|q\.i\.d|p\.r\.n|[A-Z])\.$/i;

export type Sentence = { text: string; start: number };

// Sentences of prose, with their offsets. A period ends a sentence when a capital, a digit or an
// opening bracket follows, and it does not close a known abbreviation or sit inside a number.
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const re = /[.!?](?=\s+["'(]?[A-Z0-9])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const upto = text.slice(start, m.index + 1);
    const lastWord = /\S+$/.exec(upto)?.[0] ?? '';
    if (NO_BREAK.test(lastWord) && !/\d\.$/.test(lastWord)) continue;
    const s = upto.trim();
    if (s) out.push({ text: s, start: start + (upto.length - upto.trimStart().length) });
    start = m.index + 1;
  }
  const rest = text.slice(start);
  if (rest.trim()) out.push({ text: rest.trim(), start: start + (rest.length - rest.trimStart().length) });
  return out;
}

type Trigger = { re: RegExp; category?: ContextCategory; direction: ContextFile['triggers'][number]['direction']; scope: number };
type Hit = { start: number; end: number; trigger: Trigger };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

let compiled: Trigger[] | undefined;

export function contextTriggers(file: ContextFile = loadPatterns('context.yaml', contextFile)): Trigger[] {
  return file.triggers.map((t, i) => ({
    re: compile(t.pattern ?? `(?<![\\w/])${escapeRe(t.phrase!)}(?![\\w/])`, `context.yaml triggers[${i}]`, 'gi'),
    category: t.category,
    direction: t.direction,
    scope: t.scope ?? 8,
  }));
}

// The triggers found in a sentence: longer ones win over those they overlap, and a pseudo-trigger
// ("no change") removes every trigger inside it.
export function triggerHits(sentence: string, triggers: Trigger[] = (compiled ??= contextTriggers())): Hit[] {
  const all: Hit[] = [];
  for (const trigger of triggers) {
    trigger.re.lastIndex = 0;
    for (const m of sentence.matchAll(trigger.re)) all.push({ start: m.index, end: m.index + m[0].length, trigger });
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const h of all) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.filter((h) => h.trigger.direction !== 'pseudo').sort((a, b) => a.start - b.start);
}

const wordsBetween = (s: string, from: number, to: number) => (s.slice(from, to).match(/\S+/g) ?? []).length;

// The ConText categories that reach the span [start, end) of the sentence.
export function contextOf(sentence: string, start: number, end: number, hits: Hit[] = triggerHits(sentence)): Set<ContextCategory> {
  const out = new Set<ContextCategory>();
  const terminators = hits.filter((h) => h.trigger.direction === 'terminate');
  for (const h of hits) {
    const { category, direction, scope } = h.trigger;
    if (!category) continue;
    // a trigger inside the finding's own words ("negative straight leg raise" as one finding) governs it
    if (h.start >= start && h.end <= end) {
      out.add(category);
      continue;
    }
    if ((direction === 'forward' || direction === 'bidirectional') && start >= h.end) {
      const stop = terminators.find((t) => t.start >= h.end && t.start < start);
      if (!stop && wordsBetween(sentence, h.end, start) < scope) out.add(category);
    }
    if ((direction === 'backward' || direction === 'bidirectional') && end <= h.start) {
      const stop = terminators.find((t) => t.start >= end && t.end <= h.start);
      if (!stop && wordsBetween(sentence, end, h.start) < scope) out.add(category);
    }
  }
  return out;
}

export type Mention = { start: number; end: number; text: string; context: Set<ContextCategory>; sentence: Sentence };

// Every match of a concept's pattern in the text, each with the context of its sentence.
export function mentions(text: string | Sentence[], re: RegExp): Mention[] {
  const list = typeof text === 'string' ? sentences(text) : text;
  const out: Mention[] = [];
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const s of list) {
    let hits: Hit[] | undefined;
    for (const m of s.text.matchAll(global)) {
      hits ??= triggerHits(s.text);
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
        context: contextOf(s.text, m.index, m.index + m[0].length, hits),
        sentence: s,
      });
    }
  }
  return out;
}

// Affirmed: stated as present now, for this patient.
export const affirmed = (m: Mention) => m.context.size === 0;
export const negated = (m: Mention) => m.context.has('negated') && !m.context.has('possible') && !m.context.has('other-person');
