/** The longest Retry-After honoured: a misbehaving endpoint cannot park its connections for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * How long a connection cools down after its `failures`-th transient refresh failure in a row:
 * base × 2^(failures-1), capped at max, with ±20 % jitter so connections that failed together do
 * not come back together; a longer Retry-After (429/503) wins, up to an hour. With the defaults
 * (15 s, 60 s) any three pauses in a row add up to more than a minute, so a failing provider sees
 * at most 3 calls per connection per minute.
 */
export function coolDownMs(
  failures: number,
  settings: BackoffSettings,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const max = Math.max(settings.baseMs, settings.maxMs);
  const exponential = Math.min(max, settings.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
