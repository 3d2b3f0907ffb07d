import { chooseSite } from '../site-choice';

const acme = { id: 'c1', name: 'acme', url: 'https://acme.atlassian.net' };
const eu = { id: 'c2', name: 'acme-eu', url: 'https://acme-eu.atlassian.net' };

describe('chooseSite', () => {
  it('takes the only site', () => {
    expect(chooseSite([acme], null)).toEqual({ ok: true, site: acme });
  });

  it('never picks the first of several silently: it offers them all for the user to pick', () => {
    expect(chooseSite([acme, eu], null)).toEqual({ ok: false, several: [acme, eu] });
  });

  it.each([['c2'], ['https://acme-eu.atlassian.net/'], ['acme-eu']])('finds the named site by %s', (hint) => {
    expect(chooseSite([acme, eu], hint)).toEqual({ ok: true, site: eu });
  });

  it('fails when the named site is not authorized, or there is none', () => {
    expect(chooseSite([acme], 'other').ok).toBe(false);
    expect(chooseSite([], null).ok).toBe(false);
  });
});
