import { Space } from '../../../src/state/sandbox-model';
import { call, ConfluenceFixture, expectDocumented } from './support/confluence-fixture';

describe('Confluence REST v2: pages and blog posts', () => {
  let fx: ConfluenceFixture;
  let token: string;
  let space: Space;
  const api = (path: string) => `${fx.gatewayBase}/wiki/api/v2${path}`;

  beforeAll(async () => {
    fx = await ConfluenceFixture.start();
    token = fx.token();
    space = fx.space('DOCS', 'Documentation');
  });
  afterAll(() => fx.close());

  it('resolves a space key to its id', async () => {
    const res = await call(api('/spaces?keys=DOCS'), fx.bearer(token));
    expect(res.status).toBe(200);
    expectDocumented('get', '/spaces', res);
    expect(res.body.results).toEqual([
      expect.objectContaining({ id: space.id, key: 'DOCS', name: 'Documentation' }),
    ]);
    expect(res.body._links.base).toBe(`${fx.siteBase}/wiki`);
    const one = await call(api(`/spaces/${space.id}`), fx.bearer(token));
    expectDocumented('get', '/spaces/{id}', one);
    expect(one.body).toMatchObject({ id: space.id, homepageId: space.homepageId });
  });

  it('creates a page and reads it back by id and by title', async () => {
    const created = await call(api('/pages'), fx.bearer(token), {
      spaceId: space.id,
      status: 'current',
      title: 'Release notes',
      body: { representation: 'storage', value: '<p>Hello</p>' },
    });
    expect(created.status).toBe(200);
    expectDocumented('post', '/pages', created);
    expect(created.body).toMatchObject({
      status: 'current',
      title: 'Release notes',
      spaceId: space.id,
      parentId: space.homepageId,
      authorId: fx.user.accountId,
      version: { number: 1 },
      body: { storage: { representation: 'storage', value: '<p>Hello</p>' } },
      _links: { webui: `/spaces/DOCS/pages/${created.body.id}/Release+notes`, base: `${fx.siteBase}/wiki` },
    });

    const byId = await call(api(`/pages/${created.body.id}?body-format=storage`), fx.bearer(token));
    expectDocumented('get', '/pages/{id}', byId);
    expect(byId.body).toMatchObject({ id: created.body.id, body: { storage: { value: '<p>Hello</p>' } } });

    const byTitle = await call(
      api(`/pages?space-id=${space.id}&title=${encodeURIComponent('Release notes')}&body-format=storage`),
      fx.bearer(token),
    );
    expectDocumented('get', '/pages', byTitle);
    expect(byTitle.body.results.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });

  it('creates a blog post and reads it back by id and by title, also over Basic auth', async () => {
    const created = await call(api('/blogposts'), fx.bearer(token), {
      spaceId: space.id,
      status: 'current',
      title: 'Week 47',
      body: { representation: 'storage', value: '<p>News</p>' },
    });
    expect(created.status).toBe(200);
    expectDocumented('post', '/blogposts', created);
    expect(created.body._links.webui).toMatch(
      new RegExp(`^/spaces/DOCS/blog/\\d{4}/\\d{2}/\\d{2}/${created.body.id}/Week\\+47$`),
    );

    const byId = await call(
      `${fx.siteBase}/wiki/api/v2/blogposts/${created.body.id}?body-format=storage`,
      fx.basic(),
    );
    expect(byId.status).toBe(200);
    expectDocumented('get', '/blogposts/{id}', byId);
    expect(byId.body.body.storage.value).toBe('<p>News</p>');

    const byTitle = await call(api(`/blogposts?space-id=${space.id}&title=Week%2047`), fx.bearer(token));
    expectDocumented('get', '/blogposts', byTitle);
    expect(byTitle.body.results).toEqual([
      expect.objectContaining({ id: created.body.id, title: 'Week 47' }),
    ]);
    // A blog post is not a page.
    expect((await call(api(`/pages/${created.body.id}`), fx.bearer(token))).status).toBe(404);
  });

  it.each([
    ['pages', '/pages'],
    ['blogposts', '/blogposts'],
  ])(
    'lists %s in a space page by page, following _links.next and the Link header',
    async (kind, template) => {
      const own = fx.space(`P${kind.length}`, `Paging ${kind}`);
      const ids = new Set<string>(kind === 'pages' ? [own.homepageId!] : []);
      for (let i = 0; i < 12; i += 1) {
        const res = await call(api(template), fx.bearer(token), {
          spaceId: own.id,
          status: 'current',
          title: `Item ${i}`,
        });
        ids.add(res.body.id);
      }
      const seen: string[] = [];
      let next: string | undefined = `/wiki/api/v2/spaces/${own.id}/${kind}?limit=5`;
      let pages = 0;
      while (next) {
        const res = await call(`${fx.gatewayBase}${next}`, fx.bearer(token));
        expect(res.status).toBe(200);
        expectDocumented('get', `/spaces/{id}/${kind}`, res);
        expect(res.body.results.length).toBeLessThanOrEqual(5);
        seen.push(...res.body.results.map((r: { id: string }) => r.id));
        next = res.body._links.next;
        const link = res.headers.get('link');
        if (next) {
          expect(next).toMatch(/^\/wiki\/api\/v2\//);
          expect(next).toContain('limit=5');
          expect(link).toContain(`<${next}>; rel="next"`);
        } else {
          expect(link).toBeNull();
        }
        pages += 1;
      }
      expect(pages).toBe(Math.ceil(ids.size / 5));
      expect(seen).toHaveLength(ids.size);
      expect(new Set(seen)).toEqual(ids);
    },
  );

  it('answers 404 for a missing space, on create and on list', async () => {
    const create = await call(api('/pages'), fx.bearer(token), { spaceId: '999999999', title: 'x' });
    expect(create.status).toBe(404);
    expect((await call(api('/spaces/999999999/pages'), fx.bearer(token))).status).toBe(404);
  });

  it.each([
    ['missing title', { body: { representation: 'storage', value: '<p/>' } }, /title is required/],
    [
      'wrong representation',
      { title: 'T', body: { representation: 'html', value: '<p/>' } },
      /representation/,
    ],
    ['title of the wrong type', { title: 42 }, /body\.title must be string/],
    ['status outside the enum', { title: 'T', status: 'published' }, /body\.status must be equal to one of/],
    [
      'body value of the wrong type',
      { title: 'T', body: { representation: 'storage', value: 7 } },
      /body\.value/,
    ],
  ])('rejects a create with %s: 400 naming the problem', async (_name, fields, problem) => {
    const res = await call(api('/pages'), fx.bearer(token), { spaceId: space.id, ...fields });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ status: 400, code: 'INVALID_REQUEST_PARAMETER' });
    expect(res.body.errors.map((e: { title: string }) => e.title).join('\n')).toMatch(problem);
  });

  it('rejects a missing spaceId, an out-of-range limit and a bad cursor with 400', async () => {
    const noSpace = await call(api('/blogposts'), fx.bearer(token), { title: 'T' });
    expect(noSpace.status).toBe(400);
    expect(noSpace.body.errors[0].title).toMatch(/spaceId/);
    const limit = await call(api('/spaces?limit=251'), fx.bearer(token));
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].title).toMatch(/limit/);
    expect((await call(api('/pages?cursor=nonsense'), fx.bearer(token))).status).toBe(400);
  });

  it('refuses a second current page with the same title in a space, as Confluence does', async () => {
    const page = { spaceId: space.id, title: 'Twice' };
    expect((await call(api('/pages'), fx.bearer(token), page)).status).toBe(200);
    const again = await call(api('/pages'), fx.bearer(token), page);
    expect(again.status).toBe(400);
    expect(again.body.errors[0].title).toMatch(/same TITLE/);
  });

  it('turns its own answer into a 500 when it would break the document (response validation in the server)', async () => {
    const broken = fx.space('BROKEN');
    (broken as { type: string }).type = 'not-a-space-type';
    const res = await call(api(`/spaces/${broken.id}`), fx.bearer(token));
    expect(res.status).toBe(500);
    expect(res.body.errors[0].title).toMatch(/breaks the OpenAPI document.*type must be equal to one of/);
    fx.state.spaces.delete(broken.id);
  });
});
