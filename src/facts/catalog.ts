// Resolving what a request names (brand, generic, misspelling, compound) to catalog entries.
// A name that does not resolve is reported as unknown, never guessed.
import type { Brand, DoseForm, NamesFile, Service } from '../schema/names.js';
import type { CatalogFile, Ingredient, Product } from '../schema/rules.js';
import type { DrugList } from './formulary.js';
import { AMOUNT_PATTERN, type BodyRegion, parseSites, type Side, summarizeSites } from './request-text.js';

export type Resolution =
  | {
      status: 'resolved';
      via:
        | 'catalog name'
        | 'ingredient name'
        | 'brand or other name'
        | 'misspelling'
        | 'compound'
        | 'stated ingredients'
        | 'ingredients'
        | 'service parts';
      matched: string;
      product: Product;
      note: string;
      // parts of a name read by its parts that were not recognised (and so are not judged)
      unmatched?: string[];
      // the strength the name states beside each ingredient ("Hydrocodone Bitartrate 10 MG")
      strengths?: Record<string, string>;
      // a combination's ingredients in the order its name lists them ("acetaminophen/codeine"),
      // when it names each one; a brand ("Norco") names none
      order?: string[];
      // the body region and side the name itself states ("X-ray of the left wrist")
      region?: BodyRegion;
      side?: Side;
    }
  | { status: 'unknown'; note: string };

export type CatalogIndex = {
  products: Map<string, Product>;
  ingredients: Map<string, Ingredient>;
  // normalised alias -> product; aliases sorted longest first for contained-name matching
  names: Map<string, { product: Product; how: 'catalog name' | 'brand or other name' | 'misspelling'; alias: string }>;
  aliasesByLength: string[];
  ingredientNames: Map<string, Ingredient>;
  // the MTUS Drug List (rules/drug-list.yaml), when the pack has one
  drugList?: DrugList;
  // how names are read by their parts (rules/names-*.yaml), when the pack has that vocabulary
  parts?: PartsIndex;
};

type PartsIndex = {
  salts: RegExp | undefined;
  filler: RegExp | undefined;
  // dose-form words, longest first
  forms: Array<{ word: string; re: RegExp; doseForm: DoseForm }>;
  brands: Map<string, Brand>;
  // service words, longest first
  services: Array<{ word: string; re: RegExp; service: Service }>;
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// a word or phrase standing on its own: not inside another word, slashes and commas being separators
const wordPattern = (w: string, flags = '') => new RegExp(`(?<![a-z0-9])${escapeRe(w)}(?![a-z0-9])`, flags);
const alternation = (ws: string[], normalize: (s: string) => string) =>
  ws.length === 0
    ? undefined
    : new RegExp(
        `(?<![a-z0-9])(?:${[...new Set(ws.map(normalize))]
          .sort((a, b) => b.length - a.length)
          .map(escapeRe)
          .join('|')})(?![a-z0-9])`,
        'g',
      );

function indexParts(names: NamesFile, normalize: (s: string) => string): PartsIndex {
  const forms = names.doseForms
    .flatMap((doseForm) => doseForm.words.map((w) => ({ word: normalize(w), doseForm })))
    .sort((a, b) => b.word.length - a.word.length)
    .map((f) => ({ ...f, re: wordPattern(f.word) }));
  const services = names.services
    .flatMap((service) => service.words.map((w) => ({ word: normalize(w), service })))
    .sort((a, b) => b.word.length - a.word.length)
    .map((f) => ({ ...f, re: wordPattern(f.word) }));
  const brands = new Map<string, Brand>();
  for (const b of names.brands) for (const n of b.names) brands.set(normalize(n), b);
  return { salts: alternation(names.salts, normalize), filler: alternation(names.filler, normalize), forms, brands, services };
}

export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/Â/g, '')
    .replace(/[®™©]/g, '')
    .toLowerCase()
    .replace(/[“”"'`(),;:]/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

// Indexing normalises ~2,500 names (Unicode NFKC and a dozen replacements each), ~25 ms of the
// start-up of `check`: the rule-pack cache stores each name's normalised form and the sorted alias
// list (catalogKeys, at build), and indexing from the cache looks them up instead.
export type CatalogKeys = { normalized: Record<string, string>; aliasesByLength: string[] };

export function indexCatalog(catalog: CatalogFile, vocabulary?: NamesFile, keys?: CatalogKeys): CatalogIndex {
  // keys were recorded from this very catalog (the cache holds both): a name left out is its own form
  const normalize = keys ? (s: string) => (Object.hasOwn(keys.normalized, s) ? keys.normalized[s] : s) : normalizeName;
  return buildIndex(catalog, vocabulary, normalize, keys?.aliasesByLength);
}

function buildIndex(
  catalog: CatalogFile,
  vocabulary: NamesFile | undefined,
  normalize: (s: string) => string,
  sortedAliases: string[] | undefined,
): CatalogIndex {
  const products = new Map(catalog.products.map((p) => [p.id, p]));
  // generics of the names vocabulary stand beside the catalog's own ingredients
  const allIngredients = [...catalog.ingredients, ...(vocabulary?.ingredients ?? [])];
  const ingredients = new Map(allIngredients.map((i) => [i.id, i]));
  const names: CatalogIndex['names'] = new Map();
  for (const product of catalog.products) {
    product.names.forEach((name, i) => {
      names.set(normalize(name), { product, how: i === 0 ? 'catalog name' : 'brand or other name', alias: name });
    });
    for (const name of product.misspellings) {
      // a misspelling that normalises to a real name must not shadow it
      if (!names.has(normalize(name))) names.set(normalize(name), { product, how: 'misspelling', alias: name });
    }
  }
  const ingredientNames = new Map<string, Ingredient>();
  for (const ing of allIngredients) {
    ingredientNames.set(normalize(ing.id.replace(/-/g, ' ')), ing);
    ingredientNames.set(normalize(ing.id), ing);
    for (const n of ing.names) ingredientNames.set(normalize(n), ing);
  }
  const aliasesByLength = sortedAliases ?? [...names.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return {
    products,
    ingredients,
    names,
    aliasesByLength,
    ingredientNames,
    ...(vocabulary ? { parts: indexParts(vocabulary, normalize) } : {}),
  };
}

// What indexCatalog computes from names alone, recorded for the rule-pack cache.
export function catalogKeys(catalog: CatalogFile, vocabulary?: NamesFile): CatalogKeys {
  const normalized: Record<string, string> = Object.create(null);
  // names already in normal form (about 60%) are left out, to keep the cache small
  const record = (s: string) => {
    const n = normalizeName(s);
    if (n !== s) normalized[s] = n;
    return n;
  };
  return { normalized, aliasesByLength: buildIndex(catalog, vocabulary, record, undefined).aliasesByLength };
}

const TOPICAL_FORM_WORDS: Array<[RegExp, Product['form']]> = [
  [/\bcreams?\b/, 'topical-cream'],
  [/\blotions?\b/, 'topical-lotion'],
  [/\bointments?\b/, 'topical-ointment'],
  [/\bgels?\b/, 'topical-gel'],
  [/\bsolutions?\b/, 'topical-solution'],
  [/\bpatch(es)?\b/, 'patch'],
  [/\b(compound(ed)?|topical|transdermal)\b/, 'topical-cream'],
];

// "10mg", "#90", "4 oz", "20%", "0.025%" carry no identity
function stripAmounts(name: string): string {
  return name
    .replace(/#\s*\d+/g, ' ')
    .replace(/\b\d+(\.\d+)?\s*(mg|mcg|g|gm|grams?|ml|oz|%|percent|units?)\b/g, ' ')
    .replace(/\d+(\.\d+)?\s*%/g, ' ')
    .replace(/\b\d+(\.\d+)?\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function lookupIngredient(index: CatalogIndex, text: string): Ingredient | undefined {
  const bare = stripAmounts(normalizeName(text))
    .replace(/\b(creams?|lotions?|ointments?|gels?|solutions?|patch(es)?|compound(ed)?|topical|transdermal|hcl|sodium|base)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return index.ingredientNames.get(bare);
}

function compoundProduct(_index: CatalogIndex, ingredients: Ingredient[], form: Product['form'], label: string): Product {
  return {
    id: `compound-${ingredients.map((i) => i.id).join('-')}`,
    names: [label],
    misspellings: [],
    kind: 'medication',
    form,
    ingredients: ingredients.map((i) => ({ id: i.id })),
    classes: form === 'oral' ? [...new Set(ingredients.flatMap((i) => i.classes))] : ['topical-analgesic', 'compound'],
  };
}

function formOf(name: string): Product['form'] | undefined {
  return TOPICAL_FORM_WORDS.find(([re]) => re.test(name))?.[1];
}

function containsWords(haystack: string, needle: string): boolean {
  const at = haystack.indexOf(needle);
  if (at < 0) return false;
  const before = at === 0 ? ' ' : haystack[at - 1];
  const after = at + needle.length >= haystack.length ? ' ' : haystack[at + needle.length];
  return /[\s/#-]/.test(before) && /[\s/#,.-]/.test(after);
}

// Resolution depends only on the name (and stated ingredients): remember it per index.
const memo = new WeakMap<CatalogIndex, Map<string, Resolution>>();
const MEMO_LIMIT = 20_000;

export function resolveName(index: CatalogIndex, name: string, statedIngredients?: string[]): Resolution {
  const key = statedIngredients?.length ? `${name}\u0000${statedIngredients.join('\u0000')}` : name;
  let cache = memo.get(index);
  if (!cache) memo.set(index, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const r = withOrder(index, withSite(resolveUncached(index, name, statedIngredients), name), name, statedIngredients);
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, r);
  return r;
}

// The catalog's own reading first; a reading by parts replaces it only where the catalog reading
// drops something the name states: an ingredient ("hydrocodone bitartrate and acetaminophen" is not
// acetaminophen alone), a stated dose form, or the body region of a service ("MRI scan of the hip"
// is the hip MRI, not any MRI). An exact catalog name is never second-guessed.
function resolveUncached(index: CatalogIndex, name: string, statedIngredients?: string[]): Resolution {
  const whole = resolveWhole(index, name, statedIngredients);
  if (!index.parts || statedIngredients?.length) return whole;
  if (whole.status === 'resolved' && !['ingredient name', 'brand or other name', 'catalog name', 'misspelling'].includes(whole.via))
    return whole;
  const norm = normalizeName(name);
  if (whole.status === 'resolved' && (index.names.has(norm) || index.names.has(stripAmounts(norm)))) return whole;
  const drug = drugByParts(index, index.parts, name);
  if (drug && (whole.status === 'unknown' || addsToWhole(whole.product, drug))) return drug;
  // the catalog reading stands, but a part of the name it leaves unread is named, not dropped
  if (drug?.unmatched && whole.status === 'resolved' && whole.product.kind === 'medication') {
    return {
      ...whole,
      unmatched: drug.unmatched,
      note: `partly resolved: ${whole.note}; not recognised: ${drug.unmatched.map((u) => `"${u}"`).join(', ')} (that part is not judged)`,
    };
  }
  const service = serviceByParts(index, index.parts, name);
  if (service?.status === 'resolved' && whole.status === 'resolved') {
    const general = index.parts.services.some((s) => s.service.product === whole.product.id);
    return general && service.product.id !== whole.product.id ? service : whole;
  }
  if (whole.status === 'unknown') return service ?? drug ?? whole;
  return whole;
}

// Whether a reading by parts keeps something the catalog reading lost.
function addsToWhole(whole: Product, byParts: Extract<Resolution, { status: 'resolved' }>): boolean {
  if (whole.kind !== 'medication') return false;
  const have = new Set(whole.ingredients.map((i) => i.id));
  const found = byParts.product.ingredients.map((i) => i.id);
  if (found.some((id) => !have.has(id))) return true;
  // the same ingredients in another stated form or release ("Extended Release Oral Tablet")
  return found.length === have.size && byParts.product.id !== whole.id && /form "/.test(byParts.note);
}

function withSite(r: Resolution, name: string): Resolution {
  if (r.status !== 'resolved') return r;
  const site = siteOf(name);
  const region = site.bodyRegion && site.bodyRegion !== 'multiple' ? site.bodyRegion : undefined;
  if (!region && !site.side) return r;
  const where = [region && `region ${region}`, site.side && `side ${site.side}`].filter(Boolean).join(', ');
  return { ...r, ...(region ? { region } : {}), ...(site.side ? { side: site.side } : {}), note: `${r.note}; ${where} (from the name)` };
}

// The region and side a name states. Orders often put the side last ("Knee brace, right"): with
// one region and one side word, the side is that region's wherever it stands.
function siteOf(name: string): { bodyRegion?: BodyRegion; side?: Side } {
  const sites = parseSites(name);
  const site = summarizeSites(sites);
  if (site.side || sites.length !== 1) return site;
  const sides = new Set([...name.matchAll(/\b(left|right|bilateral)\b/gi)].map((m) => m[1].toLowerCase() as Side));
  return sides.size === 1 ? { ...site, side: [...sides][0] } : site;
}

type Found = {
  text: string;
  ingredients: Ingredient[];
  how: string;
  form?: Product['form'];
  release?: 'extended' | 'immediate';
  // the ingredients the part names one by one, in its order ("codeine", "acetaminophen-hydrocodone",
  // "hydrocodone-APAP"); none for a brand or product name that stands for several ("Norco")
  listed?: string[];
};

// The order a combination's name lists its ingredients in, read as the name is read by its parts:
// each ingredient named apart (by its own name or a one-ingredient brand, "Tylenol with codeine"),
// all of the product's and no other. A request's combined strength ("300/30 mg") goes with them in
// that order (src/facts/derive.ts, doseReading).
function withOrder(index: CatalogIndex, r: Resolution, name: string, statedIngredients?: string[]): Resolution {
  if (r.status !== 'resolved' || !index.parts || statedIngredients?.length) return r;
  const ids = r.product.ingredients.map((i) => i.id);
  if (r.product.kind !== 'medication' || ids.length < 2) return r;
  const order = r.order ?? drugByParts(index, index.parts, name)?.order;
  const same = order !== undefined && order.length === ids.length && ids.every((id) => order.includes(id));
  return same ? { ...r, order } : r;
}

// what a part names one by one, given what each of its halves names ("acetaminophen-hydrocodone")
function listedHalves(index: CatalogIndex, parts: PartsIndex, text: string): string[] | undefined {
  if (!text.includes('-')) return undefined;
  const halves = text.split('-').map((h) => readSegment(index, parts, h));
  if (!halves.every((h) => h !== undefined && h !== 'empty' && h.listed)) return undefined;
  return (halves as Found[]).flatMap((h) => h.listed!);
}

// "Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet [Norco]", "oxycodone and
// acetaminophen", "Butalbital, Acetaminophen, Caffeine": every ingredient, the form and the release.
function drugByParts(index: CatalogIndex, parts: PartsIndex, name: string): Extract<Resolution, { status: 'resolved' }> | undefined {
  // commas and semicolons separate ingredients here, so they become slashes before normalising
  let text = normalizeName(name.replace(/[,;]/g, ' / ')).replace(/\[([^\]]*)\]/g, ' / $1 ');
  // dose forms first: "24 hr" and "extended release" carry numbers and hyphens the rest strips
  const forms: Array<{ word: string; doseForm: DoseForm }> = [];
  for (const f of parts.forms) {
    if (!f.re.test(text)) continue;
    forms.push(f);
    text = text.replace(new RegExp(f.re.source, 'g'), ' ');
  }
  const form =
    forms.find((f) => f.doseForm.form && f.doseForm.form !== 'oral')?.doseForm.form ?? forms.find((f) => f.doseForm.form)?.doseForm.form;
  const release = forms.find((f) => f.doseForm.release)?.doseForm.release;
  // amounts become marked tokens (their own slashes, as in "MG/HR", are no separator) and stay with
  // the ingredient they follow
  text = text
    .replace(/\bw\//g, ' / ')
    .replace(new RegExp(AMOUNT_PATTERN, 'g'), (_m, n: string, unit: string, per?: string) => ` <${n} ${unit}${per ? ` per ${per}` : ''}> `)
    .replace(/#\s*\d+/g, ' ');
  const segments = text
    .split(/[/,+&;]|\band\b|\bwith\b|\bplus\b/)
    .map((seg) => seg.trim())
    .filter((seg) => seg !== '');
  const found: Found[] = [];
  const unmatched: string[] = [];
  const strengths: Record<string, string> = {};
  for (const seg of segments) {
    // a part with two amounts ("hydrocodone 10 mg 5 mg") states no one strength
    const amounts = [...seg.matchAll(/<([^>]*)>/g)].map((m) => m[1]);
    const amount = amounts.length === 1 ? amounts[0] : undefined;
    const bare = seg
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (bare === '') continue;
    const hit = readSegment(index, parts, bare);
    if (hit === 'empty') continue;
    if (hit) {
      found.push(amount ? { ...hit, text: `${hit.text} ${amount}` } : hit);
      if (amount && hit.ingredients.length === 1) strengths[hit.ingredients[0].id] = amount;
    } else unmatched.push(bare.replace(/\s+/g, ' ').trim());
  }
  if (found.length === 0) return undefined;
  const ingredients = [...new Map(found.flatMap((f) => f.ingredients).map((i) => [i.id, i])).values()];
  const stated = form ?? found.find((f) => f.form)?.form;
  const rel = release ?? found.find((f) => f.release)?.release;
  const partial = unmatched.length > 0;
  const topical = stated !== undefined && formFamily(stated) === 'topical';
  const readings = found.map((f) => `"${f.text}" -> ${f.how}`).join(', ');
  const formNote = forms.length
    ? `; form "${forms.map((f) => f.word).join(' ')}" -> ${stated ?? 'oral'}${rel ? `, ${rel} release` : ''}`
    : '';
  const missing = partial
    ? `; not recognised: ${unmatched.map((u) => `"${u}"`).join(', ')} (that part is not judged; add it to rules/names-drugs.yaml)`
    : '';
  // a compound is judged by every ingredient (CPMTG p. 111): one not recognised leaves it unjudged
  if (partial && topical) return undefined;
  const product = productFor(index, ingredients, stated, rel) ?? madeProduct(index, ingredients, stated ?? 'oral', rel, name);
  const inCatalog = index.products.get(product.id) === product;
  const listed = found.every((f) => f.listed) ? found.flatMap((f) => f.listed!) : undefined;
  return {
    status: 'resolved',
    via: 'ingredients',
    // a name that reads back to the same product: the catalog's, else the ingredients
    matched: inCatalog ? product.names[0] : ingredients.map((i) => i.id).join('/'),
    product,
    note: `${partial ? 'partly read' : 'read'} by its parts: ${readings}${formNote} -> ${product.id}${inCatalog ? '' : " (no catalog product: judged by its ingredients' classes)"}, ${product.form}: ${ingredients.map((i) => i.id).join(', ')}${missing}`,
    ...(partial ? { unmatched } : {}),
    ...(Object.keys(strengths).length > 0 ? { strengths } : {}),
    ...(listed && new Set(listed).size === listed.length ? { order: listed } : {}),
  };
}

function readSegment(index: CatalogIndex, parts: PartsIndex, raw: string): Found | 'empty' | undefined {
  const clean = (t: string) =>
    t
      .replace(/\b\d+(\.\d+)?\b/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s.-]+|[\s.-]+$/g, '')
      .trim();
  const unfilled = (t: string) => clean(parts.filler ? t.replace(parts.filler, ' ') : t);
  const base = unfilled(raw);
  if (base === '') return 'empty';
  const unsalted = clean(parts.salts ? base.replace(parts.salts, ' ') : base);
  for (const t of [base, unsalted]) {
    if (t === '') continue;
    const ing = index.ingredientNames.get(t);
    if (ing) return { text: raw.trim(), ingredients: [ing], how: t === base ? ing.id : `${ing.id} (salt set aside)`, listed: [ing.id] };
    // a name that stands for one ingredient names it; one for several names them one by one only
    // where its halves do ("hydrocodone-apap")
    const listed = (ings: Ingredient[]) => (ings.length === 1 ? [ings[0].id] : listedHalves(index, parts, t));
    const brand = parts.brands.get(t);
    if (brand) {
      const ings = brand.ingredients.map((id) => index.ingredients.get(id)).filter((i): i is Ingredient => i !== undefined);
      const order = listed(ings);
      return {
        text: raw.trim(),
        ingredients: ings,
        how: `brand of ${ings.map((i) => i.id).join(' + ')}`,
        form: brand.form,
        release: brand.release,
        ...(order ? { listed: order } : {}),
      };
    }
    const alias = index.names.get(t);
    if (alias && alias.product.kind === 'medication' && alias.product.ingredients.length > 0) {
      const ings = alias.product.ingredients.map((i) => index.ingredients.get(i.id)).filter((i): i is Ingredient => i !== undefined);
      const long = alias.product.classes.includes('opioid-long-acting');
      const order = listed(ings);
      return {
        text: raw.trim(),
        ingredients: ings,
        how: `${alias.product.id} (${ings.map((i) => i.id).join(' + ')})`,
        form: alias.product.form,
        ...(long ? { release: 'extended' as const } : {}),
        ...(order ? { listed: order } : {}),
      };
    }
  }
  // "hydrocodone-apap"
  if (unsalted.includes('-')) {
    const halves = unsalted.split('-').map((h) => readSegment(index, parts, h));
    if (halves.every((h) => h !== undefined && h !== 'empty')) {
      const hs = halves as Found[];
      const listed = hs.every((h) => h.listed) ? hs.flatMap((h) => h.listed!) : undefined;
      return {
        text: raw.trim(),
        ingredients: hs.flatMap((h) => h.ingredients),
        how: hs.map((h) => h.how).join(' + '),
        ...(listed ? { listed } : {}),
      };
    }
  }
  return undefined;
}

type FormFamily = 'oral' | 'injection' | 'patch' | 'topical' | 'other';
function formFamily(form: Product['form']): FormFamily {
  if (form === 'oral' || form === 'injection' || form === 'patch') return form;
  return form.startsWith('topical-') ? 'topical' : 'other';
}

// The catalog product made of exactly these ingredients, in the form and release stated.
function productFor(
  index: CatalogIndex,
  ingredients: Ingredient[],
  form: Product['form'] | undefined,
  release: 'extended' | 'immediate' | undefined,
): Product | undefined {
  const want = ingredients
    .map((i) => i.id)
    .sort()
    .join('+');
  const same = [...index.products.values()].filter(
    (p) =>
      p.kind === 'medication' &&
      p.ingredients
        .map((i) => i.id)
        .sort()
        .join('+') === want,
  );
  const inForm = same.filter((p) => formFamily(p.form) === formFamily(form ?? 'oral'));
  const pool = inForm.length > 0 || form !== undefined ? inForm : same;
  // a long-acting product: the class for opioids, the id or first name for the rest (venlafaxine ER)
  const long = (p: Product) => p.classes.includes('opioid-long-acting') || /-er$/.test(p.id) || /\b(er|xr|xl|extended)\b/i.test(p.names[0]);
  if (release === 'extended') return pool.find(long) ?? pool.find((p) => !p.classes.includes('opioid-short-acting'));
  return pool.find((p) => !long(p)) ?? pool[0];
}

// A drug the catalog has no product for: made of its ingredients, with their classes.
function madeProduct(
  index: CatalogIndex,
  ingredients: Ingredient[],
  form: Product['form'],
  release: 'extended' | 'immediate' | undefined,
  label: string,
): Product {
  const local = formFamily(form) === 'topical' || (form === 'patch' && ingredients.every((i) => i.topical !== undefined));
  if (local) return compoundProduct(index, ingredients, form, label);
  const classes = [...new Set(ingredients.flatMap((i) => i.classes))];
  if (classes.includes('opioid')) classes.push(release === 'extended' ? 'opioid-long-acting' : 'opioid-short-acting');
  return {
    id: `${ingredients.map((i) => i.id).join('-')}${release === 'extended' ? '-er' : ''}`,
    names: [label],
    misspellings: [],
    kind: 'medication',
    form,
    ingredients: ingredients.map((i) => ({ id: i.id })),
    classes,
  };
}

// "X-ray of the left wrist", "MR arthrogram right shoulder", "aquatic therapy lumbar": the kind of
// service (the longest service word in the name) and the region it names lead to a catalog product.
function serviceByParts(index: CatalogIndex, parts: PartsIndex, name: string): Resolution | undefined {
  const norm = normalizeName(name);
  // the kind named first is the head of the phrase ("chiropractic therapy sessions" is chiropractic);
  // at the same place the longest word wins ("mr arthrogram" over "mr")
  let hit: PartsIndex['services'][number] | undefined;
  let at = Number.POSITIVE_INFINITY;
  for (const s of parts.services) {
    const m = s.re.exec(norm);
    if (m && m.index < at) [hit, at] = [s, m.index];
  }
  if (!hit) return undefined;
  const site = siteOf(name);
  const region = site.bodyRegion && site.bodyRegion !== 'multiple' ? site.bodyRegion : undefined;
  const id = (region ? hit.service.byRegion[region] : undefined) ?? hit.service.product;
  const product = id ? index.products.get(id) : undefined;
  const where = region ? ` + ${region}` : '';
  if (!product) {
    return {
      status: 'unknown',
      note: `"${name}" read by its parts as ${hit.service.id}${where}, for which the catalog has no product (rules/names-services.yaml, rules/catalog.yaml)`,
    };
  }
  return {
    status: 'resolved',
    via: 'service parts',
    matched: product.names[0],
    product,
    note: `read by its parts: "${hit.word}" -> ${hit.service.id}${where} -> ${product.id}, ${product.form}`,
  };
}

function resolveWhole(index: CatalogIndex, name: string, statedIngredients?: string[]): Resolution {
  const norm = normalizeName(name);
  if (statedIngredients && statedIngredients.length > 0) {
    const found = statedIngredients.map((s) => [s, lookupIngredient(index, s)] as const);
    const unknown = found.filter(([, ing]) => ing === undefined).map(([s]) => s);
    if (unknown.length > 0) {
      return {
        status: 'unknown',
        note: `stated ingredient${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} not in the catalog`,
      };
    }
    const ings = found.map(([, ing]) => ing as Ingredient);
    const form = formOf(norm) ?? 'topical-cream';
    return {
      status: 'resolved',
      via: 'stated ingredients',
      matched: statedIngredients.join(', '),
      product: compoundProduct(index, ings, form, name),
      note: `resolved from the ingredients stated on the request: ${ings.map((i) => i.id).join(', ')}`,
    };
  }
  const exact = index.names.get(norm) ?? index.names.get(stripAmounts(norm));
  if (exact) return fromAlias(exact);

  // a compound written out by ingredient: "flurbiprofen 20%/lidocaine 5% cream"
  const parts = norm
    .split(/\/|,|\+|\band\b/)
    .map((p) => p.trim())
    .filter(
      (p) =>
        stripAmounts(p)
          .replace(/\b(grams?|gm|tubes?|jars?|bottles?)\b/g, '')
          .trim() !== '',
    );
  // strengths in percent mark a topical compound even when no form word is written
  const form = formOf(norm) ?? (parts.length >= 2 && parts.every((p) => /%/.test(p)) ? 'topical-cream' : undefined);
  if (form && parts.length >= 2) {
    const ings = parts.map((p) => lookupIngredient(index, p));
    if (ings.every((i) => i !== undefined)) {
      const list = ings as Ingredient[];
      return {
        status: 'resolved',
        via: 'compound',
        matched: norm,
        product: compoundProduct(index, list, form, name),
        note: `read as a compound of ${list.map((i) => i.id).join(', ')} (${form})`,
      };
    }
  }
  for (const alias of index.aliasesByLength) {
    if (containsWords(norm, alias)) return fromAlias(index.names.get(alias)!);
  }
  const single = lookupIngredient(index, norm);
  if (single) {
    const product = [...index.products.values()].find(
      (p) => p.ingredients.length === 1 && p.ingredients[0].id === single.id && (form ? p.form === form : p.form === 'oral'),
    );
    if (product) {
      return {
        status: 'resolved',
        via: 'ingredient name',
        matched: single.id,
        product,
        note: `"${name}" names the ingredient ${single.id}; read as ${product.id}`,
      };
    }
  }
  return {
    status: 'unknown',
    note: `"${name}" is not in the drug and service catalog (rules/catalog.yaml); add it there to have the item assessed`,
  };
}

function fromAlias(hit: { product: Product; how: 'catalog name' | 'brand or other name' | 'misspelling'; alias: string }): Resolution {
  const { product, how, alias } = hit;
  const ingredients = product.ingredients.map((i) => (i.strength ? `${i.id} ${i.strength}` : i.id)).join(', ');
  return {
    status: 'resolved',
    via: how,
    matched: alias,
    product,
    note: `"${alias}" (${how}) -> ${product.id}, ${product.form}${ingredients ? `: ${ingredients}` : ''}`,
  };
}
