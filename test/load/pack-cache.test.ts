// The rule-pack cache start-up reads must give the same pack as validating the YAML: in particular
// the catalog index built from the stored normalised names must equal the one computed afresh.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys, indexCatalog } from '../../src/facts/catalog.js';
import { readCachedPack } from '../../src/load/pack-cache.js';
import { loadRulePack, writePackCache } from '../../src/load/rules.js';
import { RULES_DIR } from '../helpers.js';

describe('rule-pack cache', () => {
  it('indexes the catalog from stored names exactly as from the names themselves', () => {
    const pack = loadRulePack(RULES_DIR);
    const keys = JSON.parse(JSON.stringify(catalogKeys(pack.catalog, pack.names)));
    const fresh = indexCatalog(pack.catalog, pack.names);
    const cached = indexCatalog(pack.catalog, pack.names, keys);
    expect([...cached.names.keys()]).toEqual([...fresh.names.keys()]);
    expect(cached.aliasesByLength).toEqual(fresh.aliasesByLength);
    expect([...cached.ingredientNames.keys()]).toEqual([...fresh.ingredientNames.keys()]);
    expect(cached.parts?.forms.map((f) => f.word)).toEqual(fresh.parts?.forms.map((f) => f.word));
    expect(cached.parts?.services.map((f) => f.word)).toEqual(fresh.parts?.services.map((f) => f.word));
    expect([...(cached.parts?.brands.keys() ?? [])]).toEqual([...(fresh.parts?.brands.keys() ?? [])]);
    expect(String(cached.parts?.salts)).toBe(String(fresh.parts?.salts));
    expect(String(cached.parts?.filler)).toBe(String(fresh.parts?.filler));
  });

  it('is used only while it matches the rule files', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'imr-pack-')), 'rule-pack.json');
    writePackCache(RULES_DIR, file);
    const pack = readCachedPack(RULES_DIR, file);
    expect(pack?.rules.size).toBe(loadRulePack(RULES_DIR).rules.size);
    writeFileSync(file, JSON.stringify({ fingerprint: 'other' }));
    expect(readCachedPack(RULES_DIR, file)).toBeUndefined();
  });
});
