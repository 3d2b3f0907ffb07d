import { bounded } from '../bounded-text';

describe('bounded', () => {
  it('keeps text that fits', () => {
    expect(bounded('short', 5)).toBe('short');
  });

  it('cuts longer text to the limit, marked', () => {
    const cut = bounded('x'.repeat(3000), 1000);
    expect(Array.from(cut)).toHaveLength(1000);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const cut = bounded('😀'.repeat(10), 4);
    expect(cut).toBe('😀😀😀…');
  });
});
