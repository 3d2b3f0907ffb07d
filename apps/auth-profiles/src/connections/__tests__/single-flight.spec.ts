import { SingleFlight } from '../single-flight';

describe('SingleFlight', () => {
  it('shares one run among the callers of a key while it runs, then starts afresh', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const work = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    const together = await Promise.all([
      flights.run('a', work),
      flights.run('a', work),
      flights.run('b', work),
    ]);
    expect(together).toEqual([1, 1, 2]);
    expect(await flights.run('a', work)).toBe(3);
  });

  it('shares a failure too, and forgets it', async () => {
    const flights = new SingleFlight<number>();
    const failing = () => Promise.reject(new Error('provider down'));
    await expect(Promise.all([flights.run('a', failing), flights.run('a', failing)])).rejects.toThrow(
      'provider down',
    );
    await expect(flights.run('a', async () => 7)).resolves.toBe(7);
  });
});
