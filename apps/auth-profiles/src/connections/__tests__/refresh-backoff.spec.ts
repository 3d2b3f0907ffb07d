import { coolDownMs, MAX_RETRY_AFTER_MS } from '../refresh-backoff';

const defaults = { baseMs: 15_000, maxMs: 60_000 };

describe('coolDownMs', () => {
  it('doubles with each failure in a row, up to the max, within ±20 % jitter', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => coolDownMs(n, defaults, null, middle))).toEqual([
      15_000, 30_000, 60_000, 60_000, 60_000,
    ]);
    expect(coolDownMs(1, defaults, null, () => 0)).toBe(12_000);
    expect(coolDownMs(1, defaults, null, () => 0.999999)).toBe(18_000);
  });

  it('keeps a failing provider at no more than 3 calls per connection in any minute, whatever the jitter', () => {
    for (const random of [() => 0, () => 0.5, Math.random]) {
      // Call times: the first at 0, each next one after the cool-down of the failures so far.
      const calls = [0];
      for (let failures = 1; calls.length < 12; failures++) {
        calls.push(calls.at(-1)! + coolDownMs(failures, defaults, null, random));
      }
      for (const start of calls) {
        expect(calls.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(3);
      }
    }
  });

  it('honours a longer Retry-After, but not beyond an hour', () => {
    expect(coolDownMs(1, defaults, 120_000, () => 0.5)).toBe(120_000);
    expect(coolDownMs(1, defaults, 1_000, () => 0.5)).toBe(15_000);
    expect(coolDownMs(1, defaults, 10 * MAX_RETRY_AFTER_MS, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('never uses a max below the base', () => {
    expect(coolDownMs(3, { baseMs: 5_000, maxMs: 1_000 }, null, () => 0.5)).toBe(5_000);
  });
});
