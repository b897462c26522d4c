// Reading letters: PDFs through unpdf (pdf.js, no external binary), text files as they are.
// Many PDFs are read on worker threads, one per core, since pdf.js spends its time parsing.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../load/errors.js';

export const LETTER_LIMIT_BYTES = 20 * 1024 * 1024;

// pdf.js prints font and structure warnings on the console; they say nothing about the letter's
// words, so only errors are let through (as exceptions).
const PDFJS_ERRORS_ONLY = 0;

// unpdf is required, not imported: the command line runs as a script compiled with a V8 code
// cache (bin/imr-check.js), and Node 20 loses a cached script's handler for dynamic import().
const loadUnpdf = (): typeof import('unpdf') => createRequire(import.meta.url)('unpdf');

export async function pdfText(data: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = loadUnpdf();
  const pdf = await getDocumentProxy(data, { verbosity: PDFJS_ERRORS_ONLY });
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } finally {
    await pdf.destroy();
  }
}

async function letterBytes(file: string): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new InputError(file, [{ path: '', message: 'is a directory, expected a letter' }]);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, [{ path: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  if (size > LETTER_LIMIT_BYTES)
    throw new InputError(file, [{ path: '', message: `file is ${size} bytes, over the ${LETTER_LIMIT_BYTES}-byte limit for a letter` }]);
  return readFile(file);
}

const isPdf = (file: string, buf: Buffer) => extname(file).toLowerCase() === '.pdf' || buf.subarray(0, 5).toString('latin1') === '%PDF-';

function notPdf(file: string, e: unknown): InputError {
  return new InputError(file, [{ path: '', message: `not a readable PDF: ${(e as Error).message.split('\n')[0]}` }]);
}

function plainText(file: string, buf: Buffer): string {
  if (buf.includes(0)) throw new InputError(file, [{ path: '', message: 'is binary, expected a PDF or a text letter' }]);
  return buf.toString('utf8');
}

export async function letterText(file: string): Promise<string> {
  const buf = await letterBytes(file);
  if (!isPdf(file, buf)) return plainText(file, buf);
  try {
    return await pdfText(new Uint8Array(buf));
  } catch (e) {
    throw notPdf(file, e);
  }
}

// Worker threads exist only in the built code (dist/import/pdf-worker.js); from the sources
// (tests) PDFs are read on the main thread.
const WORKER = fileURLToPath(new URL('./pdf-worker.js', import.meta.url));

type Job = { resolve: (text: string) => void; reject: (e: Error) => void };

function pdfPool(size: number) {
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER);
    const jobs = new Map<number, Job>();
    w.on('message', (m: { id: number; text?: string; error?: string }) => {
      const job = jobs.get(m.id);
      jobs.delete(m.id);
      if (m.error !== undefined) job?.reject(new Error(m.error));
      else job?.resolve(m.text ?? '');
    });
    w.on('error', (e) => {
      for (const job of jobs.values()) job.reject(e);
      jobs.clear();
    });
    return { w, jobs };
  });
  let id = 0;
  let turn = 0;
  return {
    read(data: Uint8Array): Promise<string> {
      const worker = workers.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a), workers[turn++ % workers.length]);
      const jobId = id++;
      return new Promise((resolve, reject) => {
        worker.jobs.set(jobId, { resolve, reject });
        worker.w.postMessage({ id: jobId, data }, [data.buffer as ArrayBuffer]);
      });
    },
    close: () => Promise.all(workers.map(({ w }) => w.terminate())),
  };
}

export type LetterRead = { file: string; error?: InputError; text?: string };

// The text of each letter, in the order given, reading ahead on the worker threads. `-` (standard
// input) and files that already failed are passed through for the caller.
export async function* letterTexts(files: Array<{ file: string; error?: InputError }>): AsyncGenerator<LetterRead> {
  const pdfs = files.filter((f) => !f.error && /\.pdf$/i.test(f.file)).length;
  const size = Math.min(availableParallelism(), 4, pdfs);
  const pool = size > 1 && existsSync(WORKER) ? pdfPool(size) : undefined;
  const readOne = async ({ file, error }: { file: string; error?: InputError }): Promise<LetterRead> => {
    if (error || file === '-') return { file, error };
    try {
      const buf = await letterBytes(file);
      if (!isPdf(file, buf)) return { file, text: plainText(file, buf) };
      const data = new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      try {
        return { file, text: pool ? await pool.read(data) : await pdfText(data) };
      } catch (e) {
        throw notPdf(file, e);
      }
    } catch (e) {
      if (e instanceof InputError) return { file, error: e };
      throw e;
    }
  };
  const ahead = Math.max(2, size * 2);
  const pending: Array<Promise<LetterRead>> = [];
  let next = 0;
  const start = () => {
    if (next < files.length) {
      const p = readOne(files[next++]);
      // a rejection is seen when the caller reaches it, not as an unhandled rejection before
      p.catch(() => {});
      pending.push(p);
    }
  };
  try {
    for (let i = 0; i < ahead; i++) start();
    while (pending.length) {
      const r = await pending.shift()!;
      start();
      yield r;
    }
  } finally {
    await pool?.close();
  }
}
