import { Space } from '../../../src/state/sandbox-model';
import { call, ConfluenceFixture, expectDocumented } from './support/confluence-fixture';

describe('Confluence REST v2: page update, delete, children and footer comments', () => {
  let fx: ConfluenceFixture;
  let token: string;
  let space: Space;
  const api = (path: string) => `${fx.gatewayBase}/wiki/api/v2${path}`;
  const storage = (value: string) => ({ representation: 'storage', value });

  async function newPage(title: string, parentId?: string): Promise<string> {
    const res = await call(api('/pages'), fx.bearer(token), { spaceId: space.id, title, parentId });
    expect(res.status).toBe(200);
    return res.body.id as string;
  }

  const update = (id: string, version: number, fields: Record<string, unknown> = {}) =>
    call(
      api(`/pages/${id}`),
      fx.bearer(token),
      {
        id,
        status: 'current',
        title: 'Plan',
        body: storage('<p>v2</p>'),
        version: { number: version },
        ...fields,
      },
      'PUT',
    );

  beforeAll(async () => {
    fx = await ConfluenceFixture.start();
    token = fx.token();
    space = fx.space('WR', 'Writes');
  });
  afterAll(() => fx.close());

  it('updates a page with the next version number, and reads the new version back', async () => {
    const id = await newPage('Plan');
    const res = await update(id, 2, { version: { number: 2, message: 'second draft' } });
    expect(res.status).toBe(200);
    expectDocumented('put', '/pages/{id}', res);
    expect(res.body).toMatchObject({
      id,
      title: 'Plan',
      version: { number: 2, message: 'second draft', authorId: fx.user.accountId },
      body: { storage: { value: '<p>v2</p>' } },
      _links: { base: `${fx.siteBase}/wiki` },
    });
    const read = await call(api(`/pages/${id}?body-format=storage`), fx.bearer(token));
    expect(read.body).toMatchObject({ version: { number: 2 }, body: { storage: { value: '<p>v2</p>' } } });
  });

  it('answers a stale or skipped version with 409 in Confluence v2 shape, and changes nothing', async () => {
    const id = await newPage('Conflict');
    expect((await update(id, 2, { title: 'Conflict' })).status).toBe(200);
    for (const stale of [2, 1, 4]) {
      const res = await update(id, stale, { title: 'Conflict', body: storage('<p>lost</p>') });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        errors: [
          {
            status: 409,
            code: 'CONFLICT',
            title: `Version must be incremented when updating a page. Current Version: [2]. Provided version: [${stale}]`,
            detail: null,
          },
        ],
      });
    }
    expect(fx.state.contents.get(id)).toMatchObject({ version: 2, bodyStorage: '<p>v2</p>' });
  });

  it.each([
    ['an id that is not the page', () => ({ id: '1' }), /does not match the page id/],
    ['no version number', () => ({ version: {} }), /version\.number is required/],
    ['a missing body', () => ({ body: undefined }), /body.*required/],
    ['a draft status', () => ({ status: 'draft' }), /does not keep drafts/],
  ])('refuses an update with %s: 400', async (_name, fields, problem) => {
    const id = await newPage(`Bad ${_name}`);
    const res = await update(id, 2, { title: `Bad ${_name}`, ...fields() });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { title: string }) => e.title).join('\n')).toMatch(problem);
  });

  it('answers 404 for a page that does not exist, and 401 without write:page:confluence', async () => {
    expect((await update('999999999', 2)).status).toBe(404);
    const id = await newPage('Scoped');
    const readOnly = fx.token(['read:space:confluence', 'read:page:confluence']);
    const res = await call(
      api(`/pages/${id}`),
      fx.bearer(readOnly),
      { id, status: 'current', title: 'Scoped', body: storage(''), version: { number: 2 } },
      'PUT',
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
  });

  it('lists the direct children of a page a page at a time, following _links.next', async () => {
    const parent = await newPage('Parent');
    const children = [];
    for (let i = 0; i < 5; i += 1) children.push(await newPage(`Child ${i}`, parent));
    await newPage('Grandchild', children[0]);
    const seen: string[] = [];
    let next: string | undefined = `/wiki/api/v2/pages/${parent}/children?limit=2`;
    while (next) {
      const res = await call(`${fx.gatewayBase}${next}`, fx.bearer(token));
      expect(res.status).toBe(200);
      expectDocumented('get', '/pages/{id}/children', res);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      expect(res.body.results[0]).toEqual(
        expect.objectContaining({
          status: 'current',
          spaceId: space.id,
          title: expect.stringMatching(/^Child/),
        }),
      );
      next = res.body._links.next;
    }
    expect(seen).toEqual(children);
    expect((await call(api('/pages/999999999/children'), fx.bearer(token))).status).toBe(404);
  });

  it('deletes a page to the trash (children move up), then purges it; both need delete:page:confluence', async () => {
    const page = await newPage('Doomed');
    const child = await newPage('Survivor', page);
    const withoutDelete = fx.token(['read:page:confluence', 'write:page:confluence']);
    const refused = await call(api(`/pages/${page}`), fx.bearer(withoutDelete), undefined, 'DELETE');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');

    const deleted = await call(api(`/pages/${page}`), fx.bearer(token), undefined, 'DELETE');
    expect(deleted.status).toBe(204);
    expect((await call(api(`/pages/${page}`), fx.bearer(token))).status).toBe(404);
    const trashed = await call(api(`/pages/${page}?status=trashed`), fx.bearer(token));
    expect(trashed.body).toMatchObject({ id: page, status: 'trashed' });
    expect(fx.state.contents.get(child)?.parentId).toBe(space.homepageId);
    expect((await call(api(`/pages/${page}`), fx.bearer(token), undefined, 'DELETE')).status).toBe(404);
    // The title is free again once the page is in the trash.
    await newPage('Doomed');

    const purged = await call(api(`/pages/${page}?purge=true`), fx.bearer(token), undefined, 'DELETE');
    expect(purged.status).toBe(204);
    expect(fx.state.contents.has(page)).toBe(false);
    const homepage = await call(api(`/pages/${space.homepageId}`), fx.bearer(token), undefined, 'DELETE');
    expect(homepage.status).toBe(400);
  });

  it('adds a footer comment to a page and to a blog post: 201 with a Location', async () => {
    const page = await newPage('Commented');
    const res = await call(api('/footer-comments'), fx.bearer(token), {
      pageId: page,
      body: storage('<p>Looks good</p>'),
    });
    expect(res.status).toBe(201);
    expectDocumented('post', '/footer-comments', res);
    expect(res.body).toMatchObject({
      pageId: page,
      title: 'Re: Commented',
      version: { number: 1, authorId: fx.user.accountId },
      body: { storage: { value: '<p>Looks good</p>' } },
    });
    expect(res.headers.get('location')).toBe(`${fx.siteBase}/wiki/api/v2/footer-comments/${res.body.id}`);
    expect(fx.state.footerComments.get(res.body.id)).toMatchObject({ contentId: page });

    const post = await call(api('/blogposts'), fx.bearer(token), { spaceId: space.id, title: 'News' });
    const onPost = await call(api('/footer-comments'), fx.bearer(token), {
      blogPostId: post.body.id,
      body: { storage: storage('<p>Nice</p>') },
    });
    expect(onPost.status).toBe(201);
    expect(onPost.body.blogPostId).toBe(post.body.id);
  });

  it('refuses comments on nothing, on a missing page, without a body, or without write:comment:confluence', async () => {
    const page = await newPage('Quiet');
    const none = await call(api('/footer-comments'), fx.bearer(token), { body: storage('<p/>') });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].title).toMatch(/pageId or blogPostId/);
    const missing = await call(api('/footer-comments'), fx.bearer(token), {
      pageId: '999999999',
      body: storage('<p/>'),
    });
    expect(missing.status).toBe(404);
    const noBody = await call(api('/footer-comments'), fx.bearer(token), { pageId: page });
    expect(noBody.status).toBe(400);
    const pageOnly = fx.token(['read:page:confluence', 'write:page:confluence']);
    const scoped = await call(api('/footer-comments'), fx.bearer(pageOnly), {
      pageId: page,
      body: storage('<p/>'),
    });
    expect(scoped.status).toBe(401);
    expect(scoped.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
  });
});
