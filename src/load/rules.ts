// Loading and checking the rule pack: reason vocabulary, catalog, topic files. Every problem is
// reported with its file and field path; a pack with any problem does not load.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { z } from 'zod';
import {
  type CatalogFile,
  type ConditionNode,
  type OperatorName,
  type ReasonsFile,
  type Rule,
  type Selector,
  type TopicFile,
  catalogFileSchema,
  reasonsFileSchema,
  topicFileSchema,
} from '../schema/rules.js';
import { FACTS, type FactType } from '../facts/vocabulary.js';
import { type CatalogIndex, indexCatalog } from '../facts/catalog.js';
import { InputError, type InputIssue, zodIssues } from './errors.js';
import { readData } from './read.js';

export type RulePack = {
  dir: string;
  reasons: ReasonsFile['reasons'];
  reasonTags: Set<string>;
  catalog: CatalogFile;
  index: CatalogIndex;
  topics: Array<TopicFile & { file: string }>;
  rules: Map<string, Rule & { topic: string }>;
};

export class RulePackError extends Error {
  constructor(readonly problems: InputError[]) {
    super(`the rule pack has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    this.name = 'RulePackError';
  }
}

const OPERATORS_BY_TYPE: Record<FactType, OperatorName[]> = {
  boolean: ['equal', 'notEqual', 'isNotTrue', 'isMissing', 'isPresent'],
  number: [
    'equal',
    'notEqual',
    'lessThan',
    'lessThanInclusive',
    'greaterThan',
    'greaterThanInclusive',
    'in',
    'notIn',
    'isMissing',
    'isPresent',
  ],
  string: ['equal', 'notEqual', 'in', 'notIn', 'isMissing', 'isPresent'],
  'string[]': ['contains', 'doesNotContain', 'containsAny', 'containsNone', 'isEmpty', 'isMissing', 'isPresent'],
};
const NO_VALUE: OperatorName[] = ['isNotTrue', 'isMissing', 'isPresent', 'isEmpty'];

function checkValue(type: FactType, op: OperatorName, value: unknown): string | undefined {
  if (NO_VALUE.includes(op)) return value === undefined ? undefined : `operator ${op} takes no value`;
  if (value === undefined) return `operator ${op} needs a value`;
  const scalar = type === 'string[]' ? 'string' : type;
  const isScalar = (v: unknown) => typeof v === scalar;
  if (op === 'in' || op === 'notIn' || op === 'containsAny' || op === 'containsNone') {
    return Array.isArray(value) && value.length > 0 && value.every(isScalar)
      ? undefined
      : `operator ${op} needs a non-empty list of ${scalar}s`;
  }
  return isScalar(value) ? undefined : `operator ${op} on a ${type} fact needs a ${scalar} value, got ${JSON.stringify(value)}`;
}

function checkCondition(node: ConditionNode, path: string, issues: InputIssue[]): void {
  if ('all' in node)
    node.all.forEach((n, i) => {
      checkCondition(n, `${path}.all[${i}]`, issues);
    });
  else if ('any' in node)
    node.any.forEach((n, i) => {
      checkCondition(n, `${path}.any[${i}]`, issues);
    });
  else if ('not' in node) checkCondition(node.not, `${path}.not`, issues);
  else {
    const info = FACTS[node.fact];
    if (!info) {
      issues.push({
        path: `${path}.fact`,
        message: `unknown fact "${node.fact}" (see src/facts/vocabulary.ts for the facts rules may use)`,
      });
      return;
    }
    if (!OPERATORS_BY_TYPE[info.type].includes(node.operator)) {
      issues.push({
        path: `${path}.operator`,
        message: `operator ${node.operator} does not apply to the ${info.type} fact ${node.fact} (allowed: ${OPERATORS_BY_TYPE[info.type].join(', ')})`,
      });
      return;
    }
    const bad = checkValue(info.type, node.operator, node.value);
    if (bad) issues.push({ path: `${path}.value`, message: bad });
  }
}

function checkSelector(
  sel: Selector | undefined,
  path: string,
  known: { classes: Set<string>; ingredients: Set<string>; products: Set<string> },
  issues: InputIssue[],
) {
  if (!sel) return;
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

// The validated pack, as JSON, keyed by the names, sizes and times of the rule files: start-up
// reads it instead of parsing and validating the YAML again (the bench's start-up target).
type PackData = { reasons: ReasonsFile['reasons']; catalog: CatalogFile; topics: RulePack['topics'] };

export function packFingerprint(dir: string): string {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f));
      return `${f}:${st.size}:${Math.round(st.mtimeMs)}`;
    })
    .join('|');
}

function assemble(dir: string, data: PackData): RulePack {
  const rules: RulePack['rules'] = new Map();
  for (const t of data.topics) for (const r of t.rules) rules.set(r.id, { ...r, topic: t.topic });
  return {
    dir,
    reasons: data.reasons,
    reasonTags: new Set(data.reasons.map((r) => r.tag)),
    catalog: data.catalog,
    index: indexCatalog(data.catalog),
    topics: data.topics,
    rules,
  };
}

export function writePackCache(dir: string, file: string): void {
  const pack = loadRulePack(dir);
  const data: PackData = { reasons: pack.reasons, catalog: pack.catalog, topics: pack.topics };
  writeFileSync(file, JSON.stringify({ fingerprint: packFingerprint(dir), ...data }));
}

// Uses the cache only when it was made from exactly these files; otherwise validates the YAML.
export function loadRulePackCached(dir: string, cacheFile: string): RulePack {
  if (existsSync(cacheFile)) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as PackData & { fingerprint: string };
      if (cached.fingerprint === packFingerprint(dir)) return assemble(dir, cached);
    } catch {
      // an unreadable cache is only a slower start
    }
  }
  return loadRulePack(dir);
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
  if (!reasonsFile || !catalog) throw new RulePackError(problems);

  const reasonTags = new Set(reasonsFile.reasons.map((r) => r.tag));
  const known = {
    classes: new Set([...catalog.products.flatMap((p) => p.classes), ...catalog.ingredients.flatMap((i) => i.classes), 'compound']),
    ingredients: new Set(catalog.ingredients.map((i) => i.id)),
    products: new Set(catalog.products.map((p) => p.id)),
  };
  const topicFiles = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f) && f !== 'reasons.yaml' && !/^catalog(-[a-z0-9-]+)?\.ya?ml$/.test(f))
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
    checkSelector(topic.appliesTo, 'appliesTo', known, issues);
    topic.rules.forEach((rule, i) => {
      const at = `rules[${i}]`;
      if (rules.has(rule.id))
        issues.push({ path: `${at}.id`, message: `duplicate rule id "${rule.id}" (also in ${ruleFile.get(rule.id)})` });
      if (!rule.id.startsWith(`mtus.${topic.topic}.`))
        issues.push({ path: `${at}.id`, message: `rule id must start with mtus.${topic.topic}.` });
      if (!reasonTags.has(rule.reason))
        issues.push({ path: `${at}.reason`, message: `unknown reason tag "${rule.reason}" (see rules/reasons.yaml)` });
      checkSelector(rule.appliesTo, `${at}.appliesTo`, known, issues);
      if (rule.appliesWhen) checkCondition(rule.appliesWhen, `${at}.appliesWhen`, issues);
      checkCondition(rule.when, `${at}.when`, issues);
      rules.set(rule.id, { ...rule, topic: topic.topic });
      ruleFile.set(rule.id, f);
    });
    if (issues.length) problems.push(new InputError(file, issues));
    else topics.push({ ...topic, file });
  }
  if (problems.length) throw new RulePackError(problems);
  return assemble(dir, { reasons: reasonsFile.reasons, catalog, topics });
}
