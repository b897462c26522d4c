import { fileURLToPath } from 'node:url';
import { loadRulePack } from '../src/load/rules.js';
import { createEvaluator } from '../src/evaluate/evaluate.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RULES_DIR = fileURLToPath(new URL('../rules', import.meta.url));
export const CASES_DIR = fileURLToPath(new URL('../cases', import.meta.url));
// the five seed letters (cases/ also holds the current-era cases, in cases/current)
export const SEED_FILES = ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004'].map((s) => `${CASES_DIR}/${s}.yaml`);
export const CURRENT_CASES_DIR = `${CASES_DIR}/current`;

let pack: ReturnType<typeof loadRulePack> | undefined;
export function rulePack() {
  pack ??= loadRulePack(RULES_DIR);
  return pack;
}

export function evaluator(today = '2015-06-01') {
  return createEvaluator(rulePack(), { today });
}
