import { UNAVAILABLE_MEMO_MS, UnavailableMemo } from '../unavailable-memo';

describe('UnavailableMemo', () => {
  let now = 1_000_000;
  const memo = new UnavailableMemo(() => now);

  it('answers "unavailable" from memory for at most a second, with the retry time it learned', () => {
    memo.remember('app:confluence:app', now + 30_000);
    expect(memo.retryAt('app:confluence:app')).toBe(now + 30_000);
    expect(memo.retryAt('other:confluence:app')).toBeNull();
    now += UNAVAILABLE_MEMO_MS;
    // A refresh another replica made meanwhile is read from the database again.
    expect(memo.retryAt('app:confluence:app')).toBeNull();
  });

  it('never outlasts the cool-down itself', () => {
    memo.remember('soon', now + 200);
    now += 200;
    expect(memo.retryAt('soon')).toBeNull();
  });
});
