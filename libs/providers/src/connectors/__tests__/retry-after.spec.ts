import { retryAfterMs } from '../retry-after';

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(retryAfterMs('Fri, 20 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Fri, 20 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('answers undefined when absent or unreadable', () => {
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
