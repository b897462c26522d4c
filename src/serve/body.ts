// Reading a request body within bounds: its size while it streams in (with or without
// Content-Length), its nesting before any parser sees it, and what a client that goes away
// mid-body leaves behind. Every refusal is a BadInput with the status the API documents.
import { excessDepth } from '../load/depth.js';
import { InputError, type InputIssue } from '../load/errors.js';
import { LIMITS, parseData } from '../load/read.js';

export class BadInput extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly issues: InputIssue[] = [],
  ) {
    super(message);
  }
}

// The client closed the connection before its body was complete: nobody is left to answer.
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before sending the whole body');
    this.name = 'ClientGone';
  }
}

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json$/i;
const YAML_TYPE = /^(application|text)\/(x-)?yaml$/i;

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

const tooLarge = (limit: number) => new BadInput(413, `the request body is over the ${limit}-byte limit`);

// The body as text, refused with 413 as soon as it passes `limit` bytes. A request without a body
// (no Content-Length, no Transfer-Encoding) is an empty body, as is a zero-length one.
export async function readText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !req.headers.has('transfer-encoding') && Number(declared) > limit) throw tooLarge(limit);
  if (req.body === null) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw new ClientGone();
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(step.value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

// Strict JSON (or YAML when allowed) to plain data, with the case-file reader's limits (nesting
// depth, YAML aliases, prototype keys). Depth is checked on the text first: a deep text costs a
// parser seconds and memory before it fails.
export function parseBody(text: string, contentType: string | undefined, label: string, allowYaml = true): unknown {
  const type = mediaType(contentType);
  const isYaml = YAML_TYPE.test(type);
  if (!(type === '' || JSON_TYPE.test(type) || (allowYaml && isYaml))) {
    throw new BadInput(
      415,
      `unsupported content type "${type}": send application/json${allowYaml ? ', application/yaml or text/yaml' : ''}`,
    );
  }
  if (text.trim() === '') throw new BadInput(400, 'the request body is empty');
  const deep = excessDepth(text, LIMITS.maxDepth);
  if (deep) throw new BadInput(400, `nested deeper than ${LIMITS.maxDepth} levels (line ${deep.line})`);
  if (!isYaml) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new BadInput(400, `not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    return parseData(text, label);
  } catch (e) {
    if (e instanceof InputError) throw new BadInput(400, e.issues.map((i) => i.message).join('; '), e.issues);
    throw e;
  }
}
