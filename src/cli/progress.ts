// A progress line with done/total and an ETA, on standard error when it is a terminal. Every other
// line written to standard error first clears it and then redraws it, so an error never ends up
// glued onto the progress text.
import { progressText } from '../report/text.js';

export type ProgressIo = { err: (s: string) => void; errIsTty?: boolean; errRaw?: (s: string) => void };

export type Progress = {
  start(total: number): void;
  update(done: number): void;
  // a line of its own on standard error, with the progress line redrawn after it
  print(line: string): void;
  clear(): void;
};

const REDRAW_MS = 100;

export function progressLine(io: ProgressIo, verb: string, now: () => number = Date.now): Progress {
  const raw = io.errRaw ?? ((s: string) => process.stderr.write(s));
  let started = now();
  let total = 0;
  let shown = false;
  let text = '';
  let lastDraw = Number.NEGATIVE_INFINITY;
  const draw = () => {
    raw(`\r\x1b[K${text}`);
    shown = true;
    lastDraw = now();
  };
  const progress: Progress = {
    start(n) {
      total = n;
      started = now();
      progress.update(0);
    },
    update(done) {
      if (!io.errIsTty || total === 0) return;
      const t = now();
      if (done > 0 && done < total && t - lastDraw < REDRAW_MS) return;
      const eta = done > 0 && done < total ? Math.round((((t - started) / done) * (total - done)) / 1000) : undefined;
      text = progressText(verb, done, total, eta);
      draw();
    },
    print(line) {
      if (shown) raw('\r\x1b[K');
      io.err(line);
      if (shown) draw();
    },
    clear() {
      if (shown) raw('\r\x1b[K');
      shown = false;
    },
  };
  return progress;
}
