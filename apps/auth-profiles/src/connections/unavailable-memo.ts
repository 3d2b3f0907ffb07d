/** How long a replica answers "unavailable" from memory before it reads the connection again. */
export const UNAVAILABLE_MEMO_MS = 1_000;
const PRUNE_ABOVE = 10_000;

/**
 * A storm of resolves for a connection whose token expired while its provider fails would
 * otherwise each take a pool connection just to learn again that it is cooling down, and crowd
 * out every other app's resolves. For a second, this replica answers them from memory. A
 * refresh that succeeds meanwhile on another replica is seen at most that second late.
 */
export class UnavailableMemo {
  private readonly until = new Map<string, { until: number; retryAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** When the connection may be tried again, if this replica knows it is unavailable now. */
  retryAt(key: string): number | null {
    const entry = this.until.get(key);
    if (!entry) return null;
    if (entry.until > this.now()) return entry.retryAt;
    this.until.delete(key);
    return null;
  }

  remember(key: string, retryAt: number | null): void {
    const now = this.now();
    if (this.until.size >= PRUNE_ABOVE) {
      for (const [k, e] of this.until) if (e.until <= now) this.until.delete(k);
    }
    const retry = retryAt ?? now + UNAVAILABLE_MEMO_MS;
    this.until.set(key, { until: Math.min(retry, now + UNAVAILABLE_MEMO_MS), retryAt: retry });
  }
}
