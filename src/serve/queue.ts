// One evaluation at a time. json-rules-engine's Engine.run is async and the topic engines are built
// once and shared, so two requests evaluated at once would interleave runs on the same Engine:
// measured here, concurrent runs on one Engine share its state, run slower and lost an event
// (see ../shared/research/engineering-notes.md). A promise chain keeps them in arrival order.

export class QueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`${limit} evaluations are already waiting; try again shortly`);
    this.name = 'QueueFullError';
  }
}

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  // maxPending bounds the work a burst of requests can pile up (it answers 503 past it)
  constructor(readonly maxPending = 64) {}

  get pending(): number {
    return this.waiting;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxPending) return Promise.reject(new QueueFullError(this.maxPending));
    this.waiting += 1;
    const result = this.tail.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled;
    return result.finally(() => {
      this.waiting -= 1;
    });
  }

  // resolves once everything queued so far has finished (used on shutdown)
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
