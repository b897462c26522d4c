// A worker thread that reads PDF letters for `letterTexts` (read.ts).
import { parentPort } from 'node:worker_threads';
import { pdfText } from './read.js';

parentPort?.on('message', async (m: { id: number; data: Uint8Array }) => {
  try {
    parentPort?.postMessage({ id: m.id, text: await pdfText(m.data) });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: (e as Error).message });
  }
});
