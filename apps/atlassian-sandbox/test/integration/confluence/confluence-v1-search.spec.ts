import { createContent, createSpace } from '../../../src';
import { searchPage } from '../../../src/confluence/confluence-v1-schemas';
import { Content, ContentKind, Space } from '../../../src/state/sandbox-model';
import { call, ConfluenceFixture, expectV1Shape } from './support/confluence-fixture';

// REST v1's CQL search, which Atlassian still serves (v2 has no search), on a small honest subset
// of CQL. Answers are checked against the sandbox's own schema written from Atlassian's reference.
describe('Confluence REST v1: CQL search', () => {
  let fx: ConfluenceFixture;
  let token: string;
  let ops: Space;
  let docs: Space;
  const search = (cql: string, more = '') =>
    `${fx.gatewayBase}/wiki/rest/api/search?cql=${encodeURIComponent(cql)}${more}`;
  const titles = (body: { results: { title: string }[] }) => body.results.map((r) => r.title);
  let clock = 0;
  const content = (space: Space, title: string, body = '<p/>', kind: ContentKind = 'page'): Content => {
    const created = createContent(fx.state, {
      kind,
      space,
      title,
      status: 'current',
      parentId: null,
      authorId: fx.user.accountId,
      bodyStorage: body,
    });
    // A distinct, increasing last-modified time for each, so ORDER BY lastmodified has something to order.
    clock = Math.max(clock, fx.state.now()) + 60_000;
    created.versionCreatedAt = new Date(clock).toISOString();
    return created;
  };

  beforeAll(async () => {
    fx = await ConfluenceFixture.start();
    token = fx.token();
    ops = fx.space('OPS', 'Operations');
    docs = fx.space('DOCS', 'Documentation');
    content(
      ops,
      'Incident runbook',
      '<p>Restart the <strong>payment</strong> gateway &amp; page on-call.</p>',
    );
    content(ops, 'Release checklist', '<p>Tag, build, ship.</p>');
    content(ops, 'Release retro', '<p>What went well.</p>', 'blogpost');
    content(docs, 'Payment API guide', '<p>How to call the API.</p>');
    const trashed = content(ops, 'Release plan (old)');
    trashed.status = 'trashed';
    // Another site's page with a matching title is never found.
    content(
      createSpace(fx.state, { cloudId: 'another-cloud-id', key: 'OPS', name: 'Ops' }),
      'Release elsewhere',
    );
  });
  afterAll(() => fx.close());

  it('finds pages by type, space and title words, in v1 search shape', async () => {
    const res = await call(search('type = page AND space = OPS AND title ~ "release"'), fx.bearer(token));
    expect(res.status).toBe(200);
    expectV1Shape(searchPage, res);
    const page = [...fx.state.contents.values()].find((c) => c.title === 'Release checklist')!;
    expect(res.body).toEqual({
      results: [
        {
          content: {
            id: page.id,
            type: 'page',
            status: 'current',
            title: 'Release checklist',
            _expandable: expect.any(Object),
            _links: {
              webui: `/spaces/OPS/pages/${page.id}/Release+checklist`,
              self: `${fx.siteBase}/wiki/rest/api/content/${page.id}`,
              tinyui: expect.stringMatching(/^\/x\//),
            },
          },
          title: 'Release checklist',
          excerpt: 'Tag, build, ship.',
          url: `/spaces/OPS/pages/${page.id}/Release+checklist`,
          resultGlobalContainer: { title: 'Operations', displayUrl: '/spaces/OPS' },
          breadcrumbs: [],
          entityType: 'content',
          iconCssClass: 'aui-icon content-type-page',
          lastModified: page.versionCreatedAt,
          score: 0,
        },
      ],
      start: 0,
      limit: 25,
      size: 1,
      totalSize: 1,
      cqlQuery: 'type = page AND space = OPS AND title ~ "release"',
      searchDuration: expect.any(Number),
      _links: {
        base: `${fx.siteBase}/wiki`,
        context: '/wiki',
        self: `${fx.siteBase}/wiki/rest/api/search?cql=type+%3D+page+AND+space+%3D+OPS+AND+title+%7E+%22release%22`,
      },
    });
  });

  it.each([
    ['type = blogpost', ['Release retro']],
    ['space.key = "DOCS"', ['Documentation Home', 'Payment API guide']],
    ['text ~ "payment gateway"', ['Incident runbook']],
    ['text ~ payment', ['Incident runbook', 'Payment API guide']],
    ['title ~ "Release" ORDER BY title DESC', ['Release retro', 'Release checklist']],
    [
      'space = OPS AND type = page ORDER BY lastmodified desc',
      ['Release checklist', 'Incident runbook', 'Operations Home'],
    ],
    ['title ~ "nothing like this"', []],
    ['space = NOPE', []],
  ])('%s', async (cql, expected) => {
    const res = await call(search(cql), fx.bearer(token));
    expect(res.status).toBe(200);
    expectV1Shape(searchPage, res);
    expect(titles(res.body)).toEqual(expected);
    expect(res.body.totalSize).toBe(expected.length);
  });

  it('finds content by label once a label is added through v1', async () => {
    const target = content(docs, 'Labelled guide');
    const added = await call(`${fx.gatewayBase}/wiki/rest/api/content/${target.id}/label`, fx.bearer(token), [
      { prefix: 'global', name: 'Onboarding' },
    ]);
    expect(added.status).toBe(200);
    for (const cql of ['label = "onboarding"', 'label = Onboarding AND space = DOCS', 'text ~ onboarding']) {
      expect(titles((await call(search(cql), fx.bearer(token))).body)).toEqual(['Labelled guide']);
    }
  });

  it('pages with limit and a cursor in _links.next, relative to _links.base, to the last page', async () => {
    const book = fx.space('BOOK', 'Book');
    const chapters = Array.from({ length: 23 }, (_, i) => content(book, `Chapter ${i + 1}`));
    const seen: string[] = [];
    const starts: number[] = [];
    let next: string | undefined =
      `/rest/api/search?cql=${encodeURIComponent('space = BOOK AND type = page')}&limit=10`;
    while (next) {
      expect(next).toMatch(/^\/rest\/api\/search\?/);
      const res = await call(`${fx.gatewayBase}/wiki${next}`, fx.bearer(token));
      expect(res.status).toBe(200);
      expectV1Shape(searchPage, res);
      expect(res.body).toMatchObject({ limit: 10, totalSize: 24 });
      starts.push(res.body.start);
      seen.push(...res.body.results.map((r: { content: { id: string } }) => r.content.id));
      next = res.body._links.next;
      if (next) expect(new URL(next, 'http://x').searchParams.get('cursor')).toBeTruthy();
    }
    expect(starts).toEqual([0, 10, 20]);
    expect(seen).toEqual([book.homepageId, ...chapters.map((c) => c.id)]);
  });

  it('refuses a cursor of another query, and caps limit at the system limit', async () => {
    const first = await call(search('type = page', '&limit=1'), fx.bearer(token));
    const cursor = new URL(first.body._links.next, 'http://x').searchParams.get('cursor')!;
    const other = await call(search('type = blogpost', `&cursor=${cursor}`), fx.bearer(token));
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({
      statusCode: 400,
      message: 'The cursor is invalid, or belongs to another query',
    });
    const capped = await call(search('type = page', '&limit=500'), fx.bearer(token));
    expect(capped.body.limit).toBe(100);
  });

  it.each([
    ['type = ', 'Could not parse cql : type = '],
    ['title ~ "unterminated', 'Could not parse cql : title ~ "unterminated'],
    ['type = page space = OPS', 'Could not parse cql : type = page space = OPS'],
    ['ORDER BY title', 'Could not parse cql : ORDER BY title'],
  ])('answers malformed CQL %p with 400 as Confluence does', async (cql, message) => {
    const res = await call(search(cql), fx.bearer(token));
    expect(res.status).toBe(400);
    expectV1Shape(searchPage, res);
    expect(res.body).toMatchObject({ statusCode: 400, message });
  });

  it.each([
    ['type = page OR type = blogpost', /does not support OR in CQL/],
    ['creator = currentUser()', /does not support the field 'creator'/],
    ['type = comment', /does not support type = comment/],
    ['title = "Release checklist"', /does not support 'title =' \(only title ~\)/],
    ['space IN (OPS, DOCS)', /does not support the operator 'IN'/],
    ['(type = page)', /does not support parentheses/],
    ['NOT type = page', /does not support NOT/],
    ['text ~ "\\"exact phrase\\""', /does not support phrases and wildcards/],
    ['type = page ORDER BY created', /does not support ORDER BY created/],
  ])(
    'answers CQL outside its subset, %p, with a 400 that says the sandbox does not support it',
    async (cql, message) => {
      const res = await call(search(cql), fx.bearer(token));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.message).toMatch(/Atlassian sandbox/);
    },
  );

  it('refuses a missing cql, a bad limit and parameters the sandbox does not serve', async () => {
    const none = await call(`${fx.gatewayBase}/wiki/rest/api/search`, fx.bearer(token));
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('query.cql: cql is required');
    const limit = await call(search('type = page', '&limit=ten'), fx.bearer(token));
    expect(limit.body.message).toBe('query.limit: limit must be a non-negative integer');
    const expand = await call(search('type = page', '&expand=content.space'), fx.bearer(token));
    expect(expand.status).toBe(400);
    expect(expand.body.message).toMatch(/does not support the search parameters expand/);
  });

  it('needs search:confluence (or the granular read:content-details:confluence)', async () => {
    const readOnly = fx.token(['read:page:confluence', 'read:space:confluence']);
    const refused = await call(search('type = page'), fx.bearer(readOnly));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
    expect(refused.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    for (const scopes of [['search:confluence'], ['read:content-details:confluence']]) {
      expect((await call(search('type = page'), fx.bearer(fx.token(scopes)))).status).toBe(200);
    }
    expect((await call(search('type = page'), {})).status).toBe(401);
  });

  it('serves the site with Basic auth, and counts every call', async () => {
    const before = fx.state.counters.apiCalls;
    const url = `${fx.siteBase}/wiki/rest/api/search?cql=${encodeURIComponent('title ~ runbook')}`;
    const res = await call(url, fx.basic());
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['Incident runbook']);
    expect((await call(url, fx.basic('wrong-token'))).status).toBe(401);
    expect(fx.state.counters.apiCalls).toBe(before + 2);
  });

  it('answers an injected 429 with Retry-After, then serves normally', async () => {
    fx.state.faults.push({ target: 'api', status: 429, retryAfterSeconds: 3, remaining: 1 });
    const limited = await call(search('type = page'), fx.bearer(token));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call(search('type = page'), fx.bearer(token))).status).toBe(200);
  });
});
