import { call, expectDocumented, JiraFixture, jiraError } from './support/jira-fixture';

describe('Jira REST v3: who may call what', () => {
  let fx: JiraFixture;
  const create = { fields: { project: { key: 'DEV' }, issuetype: { name: 'Task' }, summary: 'Scoped' } };

  beforeAll(async () => {
    fx = await JiraFixture.start();
  });
  afterAll(() => fx.close());

  describe('scopes, as the document lists them for each operation', () => {
    const api = (path: string) => `${fx.gatewayApi}${path}`;
    const expectScopeFailure = (res: { status: number; headers: Headers; body: unknown }) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
      expect(res.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    };

    it('read:jira-work reads and searches but may not write; write:jira-work alone may not read', async () => {
      const { key } = await fx.issue(fx.ways()[0], 'Existing');
      const read = fx.bearer(fx.token(['read:jira-work']));
      expect((await call(api(`/issue/${key}`), read)).status).toBe(200);
      expect((await call(api('/search/jql?jql=project%20%3D%20DEV'), read)).status).toBe(200);
      expect((await call(api(`/issue/${key}/transitions`), read)).status).toBe(200);
      expectScopeFailure(await call(api('/issue'), read, create));
      expectScopeFailure(await call(api(`/issue/${key}`), read, { fields: { summary: 'x' } }, 'PUT'));
      expectScopeFailure(await call(api(`/issue/${key}`), read, undefined, 'DELETE'));
      expectScopeFailure(
        await call(api(`/issue/${key}/comment`), read, { body: { type: 'doc', version: 1, content: [] } }),
      );
      expectScopeFailure(await call(api(`/issue/${key}/transitions`), read, { transition: { id: '31' } }));
      expect((await call(api(`/issue/${key}?fields=status`), read)).body.fields.status.name).toBe('To Do');

      const write = fx.bearer(fx.token(['write:jira-work']));
      expect((await call(api('/issue'), write, create)).status).toBe(201);
      expectScopeFailure(await call(api(`/issue/${key}`), write));
      expectScopeFailure(await call(api('/myself'), write));
      expect((await call(api('/myself'), fx.bearer(fx.token(['read:jira-user'])))).status).toBe(200);
    });

    it('a granular scope set works when whole, and fails when one scope of it is missing', async () => {
      const granular = [
        'write:issue:jira',
        'write:comment:jira',
        'write:comment.property:jira',
        'write:attachment:jira',
        'read:issue:jira',
      ];
      const created = await call(api('/issue'), fx.bearer(fx.token(granular)), create);
      expect(created.status).toBe(201);
      expectScopeFailure(await call(api('/issue'), fx.bearer(fx.token(granular.slice(0, -1))), create));
      const del = fx.bearer(fx.token(['delete:issue:jira']));
      expect((await call(api(`/issue/${created.body.key}`), del, undefined, 'DELETE')).status).toBe(204);
    });

    it("Confluence's scopes do not open Jira", async () => {
      const confluence = fx.bearer(
        fx.token(['read:page:confluence', 'write:page:confluence', 'read:space:confluence']),
      );
      expectScopeFailure(await call(api('/search/jql?jql=project%20%3D%20DEV'), confluence));
    });

    it('Basic auth (an API token) is not scope-limited', async () => {
      expect((await call(`${fx.siteApi}/issue`, fx.basic(), create)).status).toBe(201);
    });
  });

  describe('authentication', () => {
    it('answers 401 through the gateway for an expired, revoked or unknown token, and one without the site', async () => {
      const expired = fx.token(undefined, -1);
      const revoked = fx.token();
      fx.state.accessTokens.get(revoked)!.revokedAt = fx.state.now();
      const otherSite = fx.token(undefined, 3600, [fx.otherCloudId]);
      for (const token of [expired, revoked, 'sbx-at-unknown', otherSite]) {
        const res = await call(`${fx.gatewayApi}/myself`, fx.bearer(token));
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ code: 401, message: 'Unauthorized' });
      }
      const viaOther = await call(
        `${fx.sandbox.url}/ex/jira/${fx.otherCloudId}/rest/api/3/issue/${fx.otherIssue.key}`,
        fx.bearer(fx.token()),
      );
      expect(viaOther.status).toBe(401);
      expect((await call(`${fx.gatewayApi}/myself`, {})).status).toBe(401);
    });

    it("refuses a wrong API token, another user's email, or a 3LO token on the site, in Jira's shape", async () => {
      for (const headers of [
        fx.basic('wrong-token'),
        fx.basic(fx.user.apiToken, 'someone@acme.test'),
        fx.bearer(fx.token()),
      ]) {
        const res = await call(`${fx.siteApi}/myself`, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Basic realm="Jira"');
        expect(res.body).toEqual(jiraError(['Unauthorized']));
      }
      const nowhere = await call(`${fx.sandbox.url}/sites/nowhere/rest/api/3/myself`, fx.basic());
      expect(nowhere.status).toBe(404);
      expect(nowhere.body).toEqual(jiraError(['No Jira site answers at this address']));
    });

    it('answers GET /myself with the caller, both ways (what a connector checks Basic credentials with)', async () => {
      for (const way of fx.ways()) {
        const res = await call(`${way.api}/myself`, way.headers);
        expect(res.status).toBe(200);
        expectDocumented('get', '/myself', res);
        expect(res.body).toMatchObject({
          accountId: fx.user.accountId,
          emailAddress: fx.user.email,
          displayName: 'Dev User',
          active: true,
          accountType: 'atlassian',
          self: `${way.api}/user?accountId=${encodeURIComponent(fx.user.accountId)}`,
        });
      }
    });

    it('answers GET /project/{key} with its issue types, and 404 for a project of another site', async () => {
      for (const way of fx.ways()) {
        const res = await call(`${way.api}/project/DEV`, way.headers);
        expect(res.status).toBe(200);
        expectDocumented('get', '/project/{projectIdOrKey}', res);
        expect(res.body).toMatchObject({
          id: fx.project.id,
          key: 'DEV',
          name: 'Development',
          lead: { accountId: fx.user.accountId },
          issueTypes: ['Task', 'Bug', 'Story', 'Epic'].map((name) => expect.objectContaining({ name })),
        });
        expect((await call(`${way.api}/project/${fx.project.id}`, way.headers)).body.key).toBe('DEV');
        const other = await call(`${way.api}/project/OPS`, way.headers);
        expect(other.status).toBe(404);
        expect(other.body).toEqual(jiraError(["No project could be found with key 'OPS'."]));
      }
    });
  });

  describe('faults and the edges of what the sandbox serves', () => {
    it('answers an injected 429 with Retry-After, then serves normally', async () => {
      for (const way of fx.ways()) {
        const before = fx.state.counters.apiCalls;
        fx.state.faults.push({ target: 'api', status: 429, retryAfterSeconds: 9, remaining: 1 });
        const limited = await call(`${way.api}/issue`, way.headers, create);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('9');
        expect(limited.body).toEqual({ code: 429, message: 'Rate limit exceeded' });
        const after = await call(`${way.api}/issue`, way.headers, create);
        expect(after.status).toBe(201);
        expect(fx.state.counters.apiCalls).toBe(before + 2);
      }
    });

    it('answers an operation of the document it does not implement with 501, other paths with 404', async () => {
      const [oauth] = fx.ways();
      const res = await call(`${oauth.api}/issue/DEV-1/worklog`, oauth.headers);
      expect(res.status).toBe(501);
      expect(res.body).toEqual(
        jiraError(['The sandbox does not implement GET /rest/api/3/issue/{issueIdOrKey}/worklog']),
      );
      const createmeta = await call(`${oauth.api}/issue/createmeta`, oauth.headers);
      expect(createmeta.body.errorMessages).toEqual([
        'The sandbox does not implement GET /rest/api/3/issue/createmeta',
      ]);
      const nowhere = await call(`${oauth.api}/no-such-thing`, oauth.headers);
      expect(nowhere.status).toBe(404);
      expect(nowhere.body).toEqual(jiraError(['Not Found']));
    });

    it('refuses a request the document refuses: a wrong query parameter type', async () => {
      const [oauth] = fx.ways();
      const res = await call(
        `${oauth.api}/search/jql?jql=project%20%3D%20DEV&maxResults=many`,
        oauth.headers,
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(jiraError(["query parameter 'maxResults' must be integer"]));
    });
  });
});
