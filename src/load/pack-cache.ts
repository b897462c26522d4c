// Start-up's way to the rule pack: the validated pack as JSON (dist/rule-pack.json, written at
// build), keyed by the names, sizes and times of the rule files. While it matches, `check` reads it
// and never loads the rule-file schemas or the validating loader (./rules.ts), which are built
// only when the cache is stale (a tenth of the start-up of `check` between them).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CatalogKeys, indexCatalog } from '../facts/catalog.js';
import { indexDrugList } from '../facts/formulary.js';
import type { InputError } from './errors.js';
import type { RulePack } from './rules.js';

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

function readCache(dir: string, cacheFile: string): RulePack | undefined {
  try {
    const { fingerprint, catalogKeys, ...data } = JSON.parse(readFileSync(cacheFile, 'utf8')) as PackCache;
    return fingerprint === packFingerprint(dir) ? assemble(dir, data, catalogKeys) : undefined;
  } catch {
    // a missing or unreadable cache is only a slower start
    return undefined;
  }
}

// Uses the cache only when it was made from exactly these files; otherwise validates the YAML.
export async function loadRulePackCached(dir: string, cacheFile: string): Promise<RulePack> {
  return readCache(dir, cacheFile) ?? (await import('./rules.js')).loadRulePack(dir);
}
