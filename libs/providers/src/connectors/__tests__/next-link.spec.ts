import { nextLinkOf, nextPageUrl } from '../next-link';

describe('next links', () => {
  it('prefixes a relative next link with the 3LO gateway base', () => {
    expect(
      nextPageUrl(
        'https://api.atlassian.com/ex/confluence/abc/wiki/api/v2',
        '/wiki/api/v2/spaces/1/pages?cursor=x',
      ),
    ).toBe('https://api.atlassian.com/ex/confluence/abc/wiki/api/v2/spaces/1/pages?cursor=x');
  });

  it('prefixes it with the site for Basic credentials', () => {
    expect(nextPageUrl('https://acme.atlassian.net/wiki/api/v2/', '/wiki/api/v2/spaces?cursor=y')).toBe(
      'https://acme.atlassian.net/wiki/api/v2/spaces?cursor=y',
    );
  });

  it("joins a REST v1 link, relative to the product's /wiki context, inside the v1 base", () => {
    const next = '/rest/api/search?next=true&cursor=abc&limit=25&start=25&cql=type+%3D+page';
    expect(nextPageUrl('https://api.atlassian.com/ex/confluence/abc/wiki/rest/api', next)).toBe(
      `https://api.atlassian.com/ex/confluence/abc/wiki${next}`,
    );
    expect(nextPageUrl('https://acme.atlassian.net/wiki/rest/api', next)).toBe(
      `https://acme.atlassian.net/wiki${next}`,
    );
  });

  it('refuses links that would leave the API', () => {
    const base = 'https://acme.atlassian.net/wiki/api/v2';
    expect(() => nextPageUrl(base, 'https://evil.example/wiki/api/v2/spaces')).toThrow(/Refusing/);
    expect(() => nextPageUrl(base, '//evil.example/wiki/api/v2/spaces')).toThrow(/Refusing/);
    expect(() => nextPageUrl(base, '/admin/steal')).toThrow(/Refusing/);
    expect(() => nextPageUrl(base, '/wiki/api/v2/../../admin')).toThrow(/Refusing/);
    expect(() => nextPageUrl(base, '/wiki/api/v2/%2e%2e/%2e%2e/admin')).toThrow(/Refusing/);
    // A v2 link is not followed from a v1 base, nor the other way round.
    expect(() => nextPageUrl('https://acme.atlassian.net/wiki/rest/api', '/wiki/api/v2/spaces')).toThrow(
      /Refusing/,
    );
    expect(() => nextPageUrl(base, '/rest/api/search?cursor=x')).toThrow(/Refusing/);
  });

  it('reads _links.next, else the Link header', () => {
    expect(nextLinkOf({ _links: { next: '/wiki/api/v2/a' } }, null)).toBe('/wiki/api/v2/a');
    expect(nextLinkOf({ _links: {} }, '</wiki/api/v2/b>; rel="next", <https://x/wiki>; rel="base"')).toBe(
      '/wiki/api/v2/b',
    );
    expect(nextLinkOf({ _links: {} }, '<https://x/wiki>; rel="base"')).toBeUndefined();
  });
});
