import { ProviderBusyError, ProviderCallLimiter } from '../provider-call-limiter';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('ProviderCallLimiter', () => {
  it('runs at most maxPerHost calls per host at once; the next waits for a free slot', async () => {
    const limiter = new ProviderCallLimiter(2, 1_000);
    const slow = gate();
    let running = 0;
    let most = 0;
    const call = () =>
      limiter.run('https://auth.example.com/oauth/token', async () => {
        running++;
        most = Math.max(most, running);
        await slow.opened;
        running--;
        return 'ok';
      });
    const calls = [call(), call(), call()];
    await new Promise((r) => setTimeout(r, 20));
    expect(running).toBe(2);
    slow.open();
    await expect(Promise.all(calls)).resolves.toEqual(['ok', 'ok', 'ok']);
    expect(most).toBe(2);
    expect(limiter.inFlight()).toBe(0);
  });

  it('refuses with ProviderBusyError after the queue wait, and leaves other hosts alone', async () => {
    const limiter = new ProviderCallLimiter(1, 50);
    const stuck = gate();
    const first = limiter.run('https://slow.example.com/token', () => stuck.opened);
    await expect(limiter.run('https://slow.example.com/other', async () => 'x')).rejects.toBeInstanceOf(
      ProviderBusyError,
    );
    await expect(limiter.run('https://fast.example.com/token', async () => 'fast')).resolves.toBe('fast');
    stuck.open();
    await first;
    await expect(limiter.run('https://slow.example.com/token', async () => 'again')).resolves.toBe('again');
  });

  it('frees the slot when a call fails', async () => {
    const limiter = new ProviderCallLimiter(1, 0);
    await expect(
      limiter.run('https://a.example.com', () => Promise.reject(new Error('no'))),
    ).rejects.toThrow();
    await expect(limiter.run('https://a.example.com', async () => 1)).resolves.toBe(1);
  });
});
