// Reading YAML/JSON documents safely: size limit, alias limit, depth limit, no prototype keys.
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { excessDepth } from './depth.js';
import { InputError } from './errors.js';

export const LIMITS = {
  // a case file is a few KB; anything near this is not a case
  maxFileBytes: 2 * 1024 * 1024,
  // YAML alias expansion ("billion laughs") stops here
  maxAliasCount: 100,
  maxDepth: 64,
};

export function readText(file: string, label = file): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputError(label, [{ path: '', message: 'is a directory, expected a case file' }]);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(label, [{ path: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  if (size > LIMITS.maxFileBytes) {
    throw new InputError(label, [
      { path: '', message: `file is ${size} bytes, over the ${LIMITS.maxFileBytes}-byte limit for one case file` },
    ]);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(label, [{ path: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > LIMITS.maxDepth) return depth;
  if (value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v, depth + 1));
  return max;
}

function hasPrototypeKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return key;
    const inner = hasPrototypeKey((value as Record<string, unknown>)[key]);
    if (inner) return `${key}.${inner}`;
  }
  return undefined;
}

// Parses YAML (JSON is YAML) into plain data, or throws an InputError naming the line.
export function parseData(text: string, label: string): unknown {
  if (text.includes('\u0000')) throw new InputError(label, [{ path: '', message: 'is binary, expected YAML or JSON text' }]);
  // refused before parsing: a deep text costs the parser seconds and memory before it fails
  const deep = excessDepth(text, LIMITS.maxDepth);
  if (deep) throw new InputError(label, [{ path: '', message: `nested deeper than ${LIMITS.maxDepth} levels (line ${deep.line})` }]);
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    if (e.code === 'MULTIPLE_DOCS')
      throw new InputError(label, [
        { path: '', message: 'holds more than one YAML document (separated by ---); put each case in a file of its own' },
      ]);
    if (/call stack/i.test(e.message))
      throw new InputError(label, [{ path: '', message: `nested too deeply to read (limit ${LIMITS.maxDepth} levels)` }]);
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : '';
    throw new InputError(label, [
      { path: '', message: `not valid YAML/JSON: ${where}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` },
    ]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (e) {
    throw new InputError(label, [{ path: '', message: `not usable YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (depthOf(data) > LIMITS.maxDepth) {
    throw new InputError(label, [{ path: '', message: `nested deeper than ${LIMITS.maxDepth} levels` }]);
  }
  const bad = hasPrototypeKey(data);
  if (bad) throw new InputError(label, [{ path: bad, message: 'key not allowed (reserved JavaScript property name)' }]);
  return data;
}

export function readData(file: string, label = file): unknown {
  return parseData(readText(file, label), label);
}
