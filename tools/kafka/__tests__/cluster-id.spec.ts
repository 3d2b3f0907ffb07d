import { newClusterId } from '../kafka.mjs';

// kafka-storage format takes the id on its command line: one starting with "-" is read as an
// option and the broker never starts.
describe('newClusterId', () => {
  it('draws again rather than answer an id starting with "-"', () => {
    const draws = [Buffer.alloc(16, 0xfb), Buffer.alloc(16, 0x01)];
    expect(Buffer.alloc(16, 0xfb).toString('base64url')).toMatch(/^-/);
    const id = newClusterId(() => draws.shift()!);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
    expect(draws).toEqual([]);
  });

  it('makes 22-character base64url ids', () => {
    expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
