// Start-up's way to the rule pack: the validated pack as JSON (dist/rule-pack.json, written at
// build), keyed by the names, sizes and times of the rule files. While it matches, `check` reads it
// and never loads the rule-file schemas or the validating loader (./rules.ts), which are built
// only when the cache is stale (a tenth of the start-up of `check` between them).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CatalogKeys, indexCatalog } from '../facts/catalog.js';
import { indexDrugList } from '../facts/formulary.js';
import type { InputError } from './errors.js';
import type { CatalogIndex } from '../facts/catalog.js';
import type { CatalogFile, Citation, ConditionNode, Definitions, ReasonsFile, Rule, TopicFile } from '../schema/rules.js';
import type { DrugListFile } from '../schema/drug-list.js';
import type { NamesFile } from '../schema/names.js';

// A rule as the engine uses it: its topic, the guideline filled into its citation, and whether it is
// fixable settled (its own word, else its reason tag's).
export type LoadedRule = Rule & { topic: string; citation: Citation & { guideline: string }; fixable: boolean };
export type LoadedTopic = Omit<TopicFile, 'rules'> & { file: string; rules: LoadedRule[] };

export type RulePack = {
  dir: string;
  reasons: ReasonsFile['reasons'];
  reasonTags: Set<string>;
  catalog: CatalogFile;
  index: CatalogIndex;
  definitions: Definitions;
  // every shared condition by its engine name: pack-wide ones by name, a topic's own as "<topic>.<name>"
  conditions: Record<string, ConditionNode>;
  topics: LoadedTopic[];
  rules: Map<string, LoadedRule>;
  // the MTUS Drug List (rules/drug-list.yaml), when the pack has one
  drugList?: DrugListFile;
  // how names are read by their parts (rules/names-*.yaml), when the pack has that vocabulary
  names?: NamesFile;
};

export class RulePackError extends Error {
  constructor(readonly problems: InputError[]) {
    super(`the rule pack has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    this.name = 'RulePackError';
  }
}

export type PackData = Pick<RulePack, 'reasons' | 'catalog' | 'definitions' | 'conditions' | 'topics' | 'drugList' | 'names'>;
// what the cache file holds: the pack, the catalog index's normalised names, the fingerprint
export type PackCache = PackData & { catalogKeys?: CatalogKeys; fingerprint: string };

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

export function assemble(dir: string, data: PackData, keys?: CatalogKeys): RulePack {
  const rules: RulePack['rules'] = new Map();
  for (const t of data.topics) for (const r of t.rules) rules.set(r.id, r);
  const index = {
    ...indexCatalog(data.catalog, data.names, keys),
    drugList: data.drugList ? indexDrugList(data.drugList) : undefined,
  };
  return { dir, ...data, reasonTags: new Set(data.reasons.map((r) => r.tag)), index, rules };
}

// The pack from the cache when it was made from exactly these files; undefined otherwise, and the
// caller validates the YAML (loadRulePack in ./rules.ts).
export function readCachedPack(dir: string, cacheFile: string): RulePack | undefined {
  try {
    const { fingerprint, catalogKeys, ...data } = JSON.parse(readFileSync(cacheFile, 'utf8')) as PackCache;
    return fingerprint === packFingerprint(dir) ? assemble(dir, data, catalogKeys) : undefined;
  } catch {
    // a missing or unreadable cache is only a slower start
    return undefined;
  }
}
