// `imr-check check DIR | head`: once the reader has gone, nothing more can be said to it, so the
// command ends at once, quietly, instead of throwing the write error as a stack trace.
type Stream = { on: (event: 'error', listener: (e: NodeJS.ErrnoException) => void) => unknown };

export function endQuietlyOnClosedPipe(streams: Stream[], exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const s of streams) {
    s.on('error', (e) => {
      if (e.code === 'EPIPE') exit(0);
      else throw e;
    });
  }
}
