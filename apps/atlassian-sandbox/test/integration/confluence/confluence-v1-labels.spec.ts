import { createContent, createSpace } from '../../../src';
import { labelArray } from '../../../src/confluence/confluence-v1-schemas';
import { Space } from '../../../src/state/sandbox-model';
import { call, ConfluenceFixture, expectV1Shape } from './support/confluence-fixture';

// REST v1's add-label, which Atlassian still serves (v2 only reads labels). No v1 document exists
// to vendor: answers are checked against the sandbox's own schema written from Atlassian's reference.
describe('Confluence REST v1: add labels to content', () => {
  let fx: ConfluenceFixture;
  let token: string;
  let space: Space;
  const labels = (id: string) => `${fx.gatewayBase}/wiki/rest/api/content/${id}/label`;
  const page = (title: string, cloudId = fx.cloudId, on = space) =>
    createContent(fx.state, {
      kind: 'page',
      space: cloudId === fx.cloudId ? on : createSpace(fx.state, { cloudId, key: 'ELSE', name: 'Else' }),
      title,
      status: 'current',
      parentId: null,
      authorId: fx.user.accountId,
      bodyStorage: '<p/>',
    });
  const names = (body: { results: { name: string }[] }) => body.results.map((l) => l.name);

  beforeAll(async () => {
    fx = await ConfluenceFixture.start();
    token = fx.token();
    space = fx.space('LBL', 'Labels');
  });
  afterAll(() => fx.close());

  it('adds labels lower-cased and answers every label the page now has', async () => {
    const plan = page('Plan');
    const res = await call(labels(plan.id), fx.bearer(token), [
      { prefix: 'global', name: 'Release' },
      { prefix: 'global', name: 'q3-plan' },
    ]);
    expect(res.status).toBe(200);
    expectV1Shape(labelArray, res);
    expect(res.body).toEqual({
      results: [
        { prefix: 'global', name: 'release', id: expect.stringMatching(/^\d+$/), label: 'release' },
        { prefix: 'global', name: 'q3-plan', id: expect.stringMatching(/^\d+$/), label: 'q3-plan' },
      ],
      start: 0,
      limit: 200,
      size: 2,
      _links: {
        base: `${fx.siteBase}/wiki`,
        context: '/wiki',
        self: `${fx.siteBase}/wiki/rest/api/content/${plan.id}/label`,
      },
    });
    expect(fx.state.contents.get(plan.id)?.labels).toEqual(['release', 'q3-plan']);
  });

  it('keeps a label already there once, with the same id on every page that has it', async () => {
    const [a, b] = [page('Alpha'), page('Beta')];
    const first = await call(labels(a.id), fx.bearer(token), [{ prefix: 'global', name: 'shared' }]);
    const again = await call(labels(a.id), fx.bearer(token), { prefix: 'global', name: 'SHARED' });
    expect(again.status).toBe(200);
    expect(names(again.body)).toEqual(['shared']);
    const other = await call(labels(b.id), fx.bearer(token), { prefix: 'global', name: 'shared' });
    expect(other.body.results[0].id).toBe(first.body.results[0].id);
  });

  it.each([
    ['a name with a space', [{ prefix: 'global', name: 'two words' }], /contains a space/],
    ['a name over 255 characters', [{ prefix: 'global', name: 'x'.repeat(256) }], /longer than 255/],
    ['a name with a colon', [{ prefix: 'global', name: 'a:b' }], /invalid character/],
    ['an empty name', [{ prefix: 'global', name: '' }], /must not be empty/],
    ['a personal label', [{ prefix: 'my', name: 'mine' }], /global labels only/],
    ['no name', [{ prefix: 'global' }], /body\.0\.name: Required/],
    ['an unknown field', [{ prefix: 'global', name: 'ok', colour: 'red' }], /Unrecognized key/],
    ['no label at all', [], /at least one label/],
    ['a label that is not an object', ['release'], /body\.0: Expected object/],
  ])('refuses %s with 400 in v1 shape, and adds nothing', async (_what, body, problem) => {
    const target = page(`Refused ${_what}`);
    const res = await call(labels(target.id), fx.bearer(token), body);
    expect(res.status).toBe(400);
    expectV1Shape(labelArray, res);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(problem) });
    expect(res.body.data.errors[0].message.translation).toMatch(problem);
    expect(fx.state.contents.get(target.id)?.labels).toEqual([]);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await call(labels(page('Broken').id), fx.bearer(token), '[{"prefix":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'Request body is not valid JSON' });
  });

  it('answers 404 for content that does not exist, is in the trash or is on another site', async () => {
    const trashed = page('Trashed');
    trashed.status = 'trashed';
    const elsewhere = page('Elsewhere', 'another-cloud-id');
    for (const id of ['999999999', trashed.id, elsewhere.id]) {
      const res = await call(labels(id), fx.bearer(token), [{ prefix: 'global', name: 'x' }]);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, message: `No content found with id: ${id}` });
    }
    expect(elsewhere.labels).toEqual([]);
  });

  it('needs write:label:confluence with read:label:confluence, or the classic write:confluence-content', async () => {
    const target = page('Scoped');
    const body = [{ prefix: 'global', name: 'scoped' }];
    for (const scopes of [['write:label:confluence'], ['read:label:confluence', 'read:page:confluence']]) {
      const res = await call(labels(target.id), fx.bearer(fx.token(scopes)), body);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
      expect(res.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    }
    expect(target.labels).toEqual([]);
    const classic = await call(labels(target.id), fx.bearer(fx.token(['write:confluence-content'])), body);
    expect(classic.status).toBe(200);
    const granular = fx.token(['read:label:confluence', 'write:label:confluence']);
    expect((await call(labels(target.id), fx.bearer(granular), body)).status).toBe(200);
  });

  it('serves the site with Basic auth, refuses a wrong API token there, and counts every call', async () => {
    const target = page('Over Basic');
    const before = fx.state.counters.apiCalls;
    const url = `${fx.siteBase}/wiki/rest/api/content/${target.id}/label`;
    const ok = await call(url, fx.basic(), [{ prefix: 'global', name: 'basic' }]);
    expect(ok.status).toBe(200);
    expect(names(ok.body)).toEqual(['basic']);
    const wrong = await call(url, fx.basic('wrong-token'), [{ prefix: 'global', name: 'nope' }]);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ statusCode: 401, message: 'Unauthorized' });
    expect((await call(url, fx.bearer(token), [{ prefix: 'global', name: 'nope' }])).status).toBe(401);
    expect(target.labels).toEqual(['basic']);
    expect(fx.state.counters.apiCalls).toBe(before + 3);
  });

  it('answers other methods on the label path with 501: the sandbox does not serve them', async () => {
    const res = await call(labels(page('Read').id), fx.bearer(token));
    expect(res.status).toBe(501);
    expect(res.body).toEqual({
      statusCode: 501,
      message: 'The sandbox does not implement GET /wiki/rest/api/content/{id}/label',
    });
  });
});
