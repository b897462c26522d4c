// Reading letters: PDFs through unpdf (pdf.js, no external binary), text files as they are.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../load/errors.js';

export const LETTER_LIMIT_BYTES = 20 * 1024 * 1024;

export async function letterText(file: string): Promise<string> {
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
  const buf = await readFile(file);
  if (extname(file).toLowerCase() === '.pdf' || buf.subarray(0, 5).toString('latin1') === '%PDF-') {
    try {
      const { extractText } = await import('unpdf');
      const { text } = await extractText(new Uint8Array(buf), { mergePages: true });
      return text;
    } catch (e) {
      throw new InputError(file, [{ path: '', message: `not a readable PDF: ${(e as Error).message.split('\n')[0]}` }]);
    }
  }
  if (buf.includes(0)) throw new InputError(file, [{ path: '', message: 'is binary, expected a PDF or a text letter' }]);
  return buf.toString('utf8');
}
