import { fileURLToPath } from 'node:url';
import { loadRulePack } from '../src/load/rules.js';
import { createEvaluator } from '../src/evaluate/evaluate.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RULES_DIR = fileURLToPath(new URL('../rules', import.meta.url));
export const CASES_DIR = fileURLToPath(new URL('../cases', import.meta.url));

let pack: ReturnType<typeof loadRulePack> | undefined;
export function rulePack() {
  pack ??= loadRulePack(RULES_DIR);
  return pack;
}

export function evaluator(today = '2015-06-01') {
  return createEvaluator(rulePack(), { today });
}
