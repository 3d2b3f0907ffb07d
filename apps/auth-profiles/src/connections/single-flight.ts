/**
 * One run of `work` per key at a time within this process: callers that arrive while it runs
 * share its promise (and hold nothing, no pool connection, while they wait).
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const flight = work().finally(() => this.running.delete(key));
    this.running.set(key, flight);
    return flight;
  }

  /** Everything in flight, for a clean shutdown. */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.running.values()]);
  }
}
