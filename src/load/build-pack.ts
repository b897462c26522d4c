// Run by `npm run build`: validates the rule pack once and writes dist/rule-pack.json.
import { fileURLToPath } from 'node:url';
import { writePackCache, RulePackError } from './rules.js';

const rules = fileURLToPath(new URL('../../rules', import.meta.url));
const out = fileURLToPath(new URL('../rule-pack.json', import.meta.url));
try {
  writePackCache(rules, out);
} catch (e) {
  // a broken pack must not break the build: the CLI reports it with file and field paths
  if (!(e instanceof RulePackError)) throw e;
  process.stderr.write(`rule pack not cached: ${e.message}\n`);
}
