// Loading and checking the rule pack: reason vocabulary, catalog, topic files. Every problem is
// reported with its file and field path; a pack with any problem does not load.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { z } from 'zod';
import {
  type CatalogFile,
  type ConditionNode,
  type Selector,
  catalogFileSchema,
  definitionsFileSchema,
  reasonsFileSchema,
  topicFileSchema,
} from '../schema/rules.js';
import { OPERATORS, OPERATOR_TABLE, type OperatorName, type OperatorSpec } from '../schema/operators.js';
import { FACTS, type FactType } from '../facts/vocabulary.js';
import { catalogKeys } from '../facts/catalog.js';
import { assemble, type LoadedRule, type PackCache, packFingerprint, type RulePack, RulePackError } from './pack-cache.js';
import { checkDrugList } from '../facts/formulary.js';
import { type DrugListFile, drugListFileSchema } from '../schema/drug-list.js';
import { type NamesFile, namesFileSchema } from '../schema/names.js';
import { InputError, type InputIssue, zodIssues } from './errors.js';
import { readData } from './read.js';

export type { LoadedRule, LoadedTopic, RulePack } from './pack-cache.js';

// the MTUS Drug List data file: not a topic, validated with its own schema
const DRUG_LIST_FILE = 'drug-list.yaml';
// the vocabulary for reading names by their parts: data files with their own schema, merged
const NAMES_FILE = /^names(-[a-z0-9-]+)?\.ya?ml$/;

export { RulePackError };

function checkValue(type: FactType, op: OperatorName, value: unknown): string | undefined {
  const spec: OperatorSpec = OPERATOR_TABLE[op];
  if (spec.takes === 'none') return value === undefined ? undefined : `operator ${op} takes no value`;
  if (value === undefined) return `operator ${op} needs a value`;
  const scalar = type === 'string[]' ? 'string' : type;
  const isScalar = (v: unknown) => typeof v === scalar;
  if (spec.takes === 'list') {
    return Array.isArray(value) && value.length > 0 && value.every(isScalar)
      ? undefined
      : `operator ${op} needs a non-empty list of ${scalar}s`;
  }
  return isScalar(value) ? undefined : `operator ${op} on a ${type} fact needs a ${scalar} value, got ${JSON.stringify(value)}`;
}

// Checks facts, operators and values, and names shared conditions by their engine name.
function checkCondition(
  node: ConditionNode,
  path: string,
  issues: InputIssue[],
  resolveName: (name: string) => string | undefined,
): ConditionNode {
  if ('all' in node) return { all: node.all.map((n, i) => checkCondition(n, `${path}.all[${i}]`, issues, resolveName)) };
  if ('any' in node) return { any: node.any.map((n, i) => checkCondition(n, `${path}.any[${i}]`, issues, resolveName)) };
  if ('not' in node) return { not: checkCondition(node.not, `${path}.not`, issues, resolveName) };
  if ('condition' in node) {
    const name = resolveName(node.condition);
    if (!name)
      issues.push({
        path: `${path}.condition`,
        message: `no shared condition "${node.condition}" (in the topic's conditions or rules/definitions.yaml)`,
      });
    return { condition: name ?? node.condition };
  }
  const info = FACTS[node.fact];
  if (!info) {
    issues.push({ path: `${path}.fact`, message: `unknown fact "${node.fact}" (see src/facts/vocabulary.ts for the facts rules may use)` });
    return node;
  }
  const allowed = OPERATORS.filter((o) => (OPERATOR_TABLE[o] as OperatorSpec).types.includes(info.type));
  if (!allowed.includes(node.operator)) {
    issues.push({
      path: `${path}.operator`,
      message: `operator ${node.operator} does not apply to the ${info.type} fact ${node.fact} (allowed: ${allowed.join(', ')})`,
    });
    return node;
  }
  const bad = checkValue(info.type, node.operator, node.value);
  if (bad) issues.push({ path: `${path}.value`, message: bad });
  return node;
}

function checkSelector(
  sel: Selector | undefined,
  path: string,
  known: { classes: Set<string>; ingredients: Set<string>; products: Set<string> },
  issues: InputIssue[],
) {
  if (!sel) return;
  if (sel.except) checkSelector(sel.except, `${path}.except`, known, issues);
  for (const c of sel.classes ?? [])
    if (!known.classes.has(c)) issues.push({ path: `${path}.classes`, message: `class "${c}" is used by no catalog entry` });
  for (const c of sel.ingredients ?? [])
    if (!known.ingredients.has(c)) issues.push({ path: `${path}.ingredients`, message: `ingredient "${c}" is not in the catalog` });
  for (const c of sel.products ?? [])
    if (!known.products.has(c)) issues.push({ path: `${path}.products`, message: `product "${c}" is not in the catalog` });
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(readData(file, file));
  if (!result.success) throw new InputError(file, zodIssues(result.error));
  return result.data;
}

function checkCatalog(_file: string, catalog: CatalogFile): InputIssue[] {
  const issues: InputIssue[] = [];
  const ingredientIds = new Set<string>();
  catalog.ingredients.forEach((ing, i) => {
    if (ingredientIds.has(ing.id)) issues.push({ path: `ingredients[${i}].id`, message: `duplicate ingredient id "${ing.id}"` });
    ingredientIds.add(ing.id);
  });
  const productIds = new Set<string>();
  const names = new Map<string, string>();
  catalog.products.forEach((p, i) => {
    if (productIds.has(p.id)) issues.push({ path: `products[${i}].id`, message: `duplicate product id "${p.id}"` });
    productIds.add(p.id);
    p.ingredients.forEach((ing, j) => {
      if (!ingredientIds.has(ing.id))
        issues.push({ path: `products[${i}].ingredients[${j}].id`, message: `unknown ingredient "${ing.id}"` });
    });
    for (const n of [...p.names, ...p.misspellings]) {
      const key = n.trim().toLowerCase();
      const other = names.get(key);
      if (other && other !== p.id) issues.push({ path: `products[${i}].names`, message: `name "${n}" is also used by ${other}` });
      names.set(key, p.id);
    }
  });
  for (const ing of catalog.ingredients) {
    for (const p of ing.topical?.exceptIn ?? [])
      if (!productIds.has(p)) issues.push({ path: `ingredients.${ing.id}.topical.exceptIn`, message: `unknown product "${p}"` });
  }
  return issues;
}

// The cache start-up reads (./pack-cache.ts), with what the catalog index computes from names alone.
export function writePackCache(dir: string, file: string): void {
  const pack = loadRulePack(dir);
  const data: PackCache = {
    fingerprint: packFingerprint(dir),
    reasons: pack.reasons,
    catalog: pack.catalog,
    definitions: pack.definitions,
    conditions: pack.conditions,
    topics: pack.topics,
    drugList: pack.drugList,
    names: pack.names,
    catalogKeys: catalogKeys(pack.catalog, pack.names),
  };
  writeFileSync(file, JSON.stringify(data));
}

export function loadRulePack(dir: string): RulePack {
  const problems: InputError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) problems.push(e);
      else throw e;
      return undefined;
    }
  };

  const reasonsFile = attempt(() => parseFile(join(dir, 'reasons.yaml'), reasonsFileSchema));
  // the catalog may be split by area: catalog.yaml plus catalog-<area>.yaml, checked as one
  const catalogFiles = readdirSync(dir)
    .filter((f) => /^catalog(-[a-z0-9-]+)?\.ya?ml$/.test(f))
    .sort();
  const parts = catalogFiles.map((f) => attempt(() => parseFile(join(dir, f), catalogFileSchema.partial())));
  let catalog: CatalogFile | undefined;
  if (catalogFiles.length === 0) problems.push(new InputError(join(dir, 'catalog.yaml'), [{ path: '', message: 'no catalog file' }]));
  else if (parts.every((p) => p !== undefined)) {
    catalog = {
      ingredients: parts.flatMap((p) => p!.ingredients ?? []),
      products: parts.flatMap((p) => p!.products ?? []),
    };
    const issues = checkCatalog(catalogFiles.join(' + '), catalog);
    if (issues.length) problems.push(new InputError(join(dir, catalogFiles.join(' + ')), issues));
  }
  const definitionsFile = attempt(() => parseFile(join(dir, 'definitions.yaml'), definitionsFileSchema));
  if (!reasonsFile || !catalog || !definitionsFile) throw new RulePackError(problems);

  const reasonTags = new Set(reasonsFile.reasons.map((r) => r.tag));
  const reasonFixable = new Map(reasonsFile.reasons.map((r) => [r.tag, r.fixable]));
  const known = {
    classes: new Set([...catalog.products.flatMap((p) => p.classes), ...catalog.ingredients.flatMap((i) => i.classes), 'compound']),
    ingredients: new Set(catalog.ingredients.map((i) => i.id)),
    products: new Set(catalog.products.map((p) => p.id)),
  };
  // shared conditions: the pack-wide ones first, then each topic's own under "<topic>.<name>"
  const conditions: RulePack['conditions'] = {};
  const defIssues: InputIssue[] = [];
  const packWide = (name: string) => (name in definitionsFile.conditions ? name : undefined);
  for (const [name, c] of Object.entries(definitionsFile.conditions)) {
    conditions[name] = checkCondition(c.condition, `conditions.${name}.condition`, defIssues, (n) =>
      n === name ? undefined : packWide(n),
    );
  }
  if (defIssues.length) problems.push(new InputError(join(dir, 'definitions.yaml'), defIssues));

  const topicFiles = readdirSync(dir)
    .filter(
      (f) =>
        /\.ya?ml$/.test(f) &&
        !/\.test\.ya?ml$/.test(f) &&
        f !== 'reasons.yaml' &&
        f !== 'definitions.yaml' &&
        f !== DRUG_LIST_FILE &&
        !NAMES_FILE.test(f) &&
        !/^catalog(-[a-z0-9-]+)?\.ya?ml$/.test(f),
    )
    .sort();
  const topics: RulePack['topics'] = [];
  const rules: RulePack['rules'] = new Map();
  const ruleFile = new Map<string, string>();
  for (const f of topicFiles) {
    const file = join(dir, f);
    const topic = attempt(() => parseFile(file, topicFileSchema));
    if (!topic) continue;
    const issues: InputIssue[] = [];
    if (topic.topic !== basename(f).replace(/\.ya?ml$/, '')) {
      issues.push({ path: 'topic', message: `topic "${topic.topic}" must match the file name ${f}` });
    }
    const own = topic.conditions ?? {};
    const resolve = (name: string) => (name in own ? `${topic.topic}.${name}` : packWide(name));
    for (const [name, c] of Object.entries(own)) {
      if (name in definitionsFile.conditions)
        issues.push({ path: `conditions.${name}`, message: `"${name}" is already a shared condition of rules/definitions.yaml` });
      conditions[`${topic.topic}.${name}`] = checkCondition(c.condition, `conditions.${name}.condition`, issues, (n) =>
        n === name ? undefined : resolve(n),
      );
    }
    checkSelector(topic.appliesTo, 'appliesTo', known, issues);
    const loaded: LoadedRule[] = [];
    topic.rules.forEach((rule, i) => {
      const at = `rules[${i}]`;
      if (rules.has(rule.id))
        issues.push({ path: `${at}.id`, message: `duplicate rule id "${rule.id}" (also in ${ruleFile.get(rule.id)})` });
      if (!rule.id.startsWith(`mtus.${topic.topic}.`))
        issues.push({ path: `${at}.id`, message: `rule id must start with mtus.${topic.topic}.` });
      if (!reasonTags.has(rule.reason))
        issues.push({ path: `${at}.reason`, message: `unknown reason tag "${rule.reason}" (see rules/reasons.yaml)` });
      const guideline = rule.citation.guideline ?? topic.defaults?.guideline;
      if (!guideline)
        issues.push({ path: `${at}.citation.guideline`, message: 'a citation needs a guideline (or the topic a defaults.guideline)' });
      checkSelector(rule.appliesTo, `${at}.appliesTo`, known, issues);
      const rule2: LoadedRule = {
        ...rule,
        topic: topic.topic,
        citation: { ...rule.citation, guideline: guideline ?? '' },
        fixable: rule.fixable ?? reasonFixable.get(rule.reason) ?? false,
        appliesWhen: rule.appliesWhen ? checkCondition(rule.appliesWhen, `${at}.appliesWhen`, issues, resolve) : undefined,
        when: checkCondition(rule.when, `${at}.when`, issues, resolve),
      };
      loaded.push(rule2);
      rules.set(rule.id, rule2);
      ruleFile.set(rule.id, f);
    });
    if (issues.length) problems.push(new InputError(file, issues));
    else topics.push({ ...topic, file, rules: loaded });
  }
  // the MTUS Drug List, a data file with its own schema (optional: a pack may have none)
  let drugList: DrugListFile | undefined;
  if (existsSync(join(dir, DRUG_LIST_FILE))) {
    drugList = attempt(() => parseFile(join(dir, DRUG_LIST_FILE), drugListFileSchema));
    if (drugList) {
      const issues = checkDrugList(drugList, new Set(catalog.products.map((p) => p.id)));
      if (issues.length) problems.push(new InputError(join(dir, DRUG_LIST_FILE), issues));
    }
  }
  const names = loadNames(dir, catalog, attempt, problems);
  if (problems.length) throw new RulePackError(problems);
  return assemble(dir, {
    reasons: reasonsFile.reasons,
    catalog,
    definitions: definitionsFile.definitions,
    conditions,
    topics,
    drugList,
    ...(names ? { names } : {}),
  });
}

// rules/names-*.yaml merged into one vocabulary; every id it names must lead back to the catalog
function loadNames(
  dir: string,
  catalog: CatalogFile,
  attempt: <T>(fn: () => T) => T | undefined,
  problems: InputError[],
): NamesFile | undefined {
  const files = readdirSync(dir)
    .filter((f) => NAMES_FILE.test(f))
    .sort();
  if (files.length === 0) return undefined;
  const parts = files.map((f) => attempt(() => parseFile(join(dir, f), namesFileSchema)));
  if (parts.some((p) => p === undefined)) return undefined;
  const ps = parts as NamesFile[];
  const names: NamesFile = {
    salts: ps.flatMap((p) => p.salts),
    filler: ps.flatMap((p) => p.filler),
    doseForms: ps.flatMap((p) => p.doseForms),
    ingredients: ps.flatMap((p) => p.ingredients),
    brands: ps.flatMap((p) => p.brands),
    services: ps.flatMap((p) => p.services),
  };
  const issues = checkNames(names, catalog);
  if (issues.length) problems.push(new InputError(join(dir, files.join(' + ')), issues));
  return names;
}

function checkNames(names: NamesFile, catalog: CatalogFile): InputIssue[] {
  const issues: InputIssue[] = [];
  const catalogIngredients = new Set(catalog.ingredients.map((i) => i.id));
  const ingredients = new Set(catalogIngredients);
  names.ingredients.forEach((ing, i) => {
    if (ingredients.has(ing.id))
      issues.push({
        path: `ingredients[${i}].id`,
        message: `"${ing.id}" is already an ingredient${catalogIngredients.has(ing.id) ? ' of the catalog' : ''}`,
      });
    ingredients.add(ing.id);
  });
  names.brands.forEach((b, i) => {
    b.ingredients.forEach((id, j) => {
      if (!ingredients.has(id)) issues.push({ path: `brands[${i}].ingredients[${j}]`, message: `unknown ingredient "${id}"` });
    });
  });
  const products = new Set(catalog.products.map((p) => p.id));
  names.services.forEach((s, i) => {
    if (s.product && !products.has(s.product))
      issues.push({ path: `services[${i}].product`, message: `unknown catalog product "${s.product}"` });
    for (const [region, id] of Object.entries(s.byRegion))
      if (id && !products.has(id)) issues.push({ path: `services[${i}].byRegion.${region}`, message: `unknown catalog product "${id}"` });
    if (!s.product && Object.keys(s.byRegion).length === 0)
      issues.push({ path: `services[${i}]`, message: 'a service needs a product or products by region' });
  });
  return issues;
}
