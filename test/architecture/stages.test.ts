// The code is grouped by stage, and a stage imports only earlier ones: schema -> facts -> load ->
// evaluate -> report -> import -> serve -> cli. An upward import is how "back and forth" starts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const STAGES = ['schema', 'facts', 'load', 'evaluate', 'report', 'import', 'serve', 'cli'];
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// relative imports of a file, static and dynamic, resolved to src-relative paths
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => relative(SRC, join(file, '..', s)).replace(/\.js$/, '.ts'));
}

const stageOf = (srcPath: string) => srcPath.split('/')[0];

function upwardImports(): string[] {
  const out: string[] = [];
  for (const file of files(SRC)) {
    const from = relative(SRC, file);
    for (const to of importsOf(file)) {
      const a = STAGES.indexOf(stageOf(from));
      const b = STAGES.indexOf(stageOf(to));
      if (a < 0 || b < 0) out.push(`${from} -> ${to}: not in a known stage`);
      else if (b > a) out.push(`${from} -> ${to}`);
    }
  }
  return out;
}

function cycles(): string[][] {
  const graph = new Map(files(SRC).map((f) => [relative(SRC, f), importsOf(f)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'open') {
      found.push(stack.slice(stack.indexOf(n)).concat(n));
      return;
    }
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) visit(m);
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) visit(n);
  return found;
}

describe('stages only look down', () => {
  it('every source folder is a stage', () => {
    const dirs = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
    expect(dirs.filter((d) => !STAGES.includes(d))).toEqual([]);
  });

  it('no module imports a later stage', () => {
    expect(upwardImports()).toEqual([]);
  });

  it('no two modules import each other, directly or around a loop', () => {
    expect(cycles()).toEqual([]);
  });
});
