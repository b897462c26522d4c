// Resolving what a request names (brand, generic, misspelling, compound) to catalog entries.
// A name that does not resolve is reported as unknown, never guessed.
import type { CatalogFile, Ingredient, Product } from '../schema/rules.js';
import type { DrugList } from './formulary.js';

export type Resolution =
  | {
      status: 'resolved';
      via: 'catalog name' | 'ingredient name' | 'brand or other name' | 'misspelling' | 'compound' | 'stated ingredients';
      matched: string;
      product: Product;
      note: string;
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
};

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

export function indexCatalog(catalog: CatalogFile): CatalogIndex {
  const products = new Map(catalog.products.map((p) => [p.id, p]));
  const ingredients = new Map(catalog.ingredients.map((i) => [i.id, i]));
  const names: CatalogIndex['names'] = new Map();
  for (const product of catalog.products) {
    product.names.forEach((name, i) => {
      names.set(normalizeName(name), { product, how: i === 0 ? 'catalog name' : 'brand or other name', alias: name });
    });
    for (const name of product.misspellings) {
      // a misspelling that normalises to a real name must not shadow it
      if (!names.has(normalizeName(name))) names.set(normalizeName(name), { product, how: 'misspelling', alias: name });
    }
  }
  const ingredientNames = new Map<string, Ingredient>();
  for (const ing of catalog.ingredients) {
    ingredientNames.set(normalizeName(ing.id.replace(/-/g, ' ')), ing);
    ingredientNames.set(normalizeName(ing.id), ing);
    for (const n of ing.names) ingredientNames.set(normalizeName(n), ing);
  }
  const aliasesByLength = [...names.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { products, ingredients, names, aliasesByLength, ingredientNames };
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
  const r = resolveUncached(index, name, statedIngredients);
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, r);
  return r;
}

function resolveUncached(index: CatalogIndex, name: string, statedIngredients?: string[]): Resolution {
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
