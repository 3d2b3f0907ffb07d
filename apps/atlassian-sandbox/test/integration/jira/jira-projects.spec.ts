import { JIRA_SCOPES, SandboxOAuth } from '../../../src';
import { seedDevelopment } from '../../../src/admin/seed';
import { adf, call, jiraError } from './support/jira-fixture';

/** Projects from the admin API and the development seed, used over real OAuth consent and Basic. */
describe('Jira projects: admin API, development seed, and a 3LO grant for Jira scopes', () => {
  let oauth: SandboxOAuth;
  let user: Awaited<ReturnType<SandboxOAuth['user']>>;
  const email = 'lead@north.test';
  const post = (path: string, body: unknown) =>
    call(`${oauth.url}${path}`, { 'content-type': 'application/json' }, body);

  beforeAll(async () => {
    oauth = await SandboxOAuth.start();
    user = await oauth.user(email, 'north');
  });
  afterAll(() => oauth.close());

  it('creates a project with the default issue types and workflow (transitions 11, 21, 31)', async () => {
    const res = await post('/admin/projects', {
      site: 'north',
      key: 'OPS',
      name: 'Operations',
      lead: email,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      cloudId: user.sites[0].cloudId,
      key: 'OPS',
      leadAccountId: user.accountId,
      issueTypes: ['Task', 'Bug', 'Story', 'Epic'].map((name) => expect.objectContaining({ name })),
      statuses: [
        { id: expect.any(String), name: 'To Do', category: 'new' },
        { id: expect.any(String), name: 'In Progress', category: 'indeterminate' },
        { id: expect.any(String), name: 'Done', category: 'done' },
      ],
    });
    expect(
      res.body.transitions.map((t: { id: string; name: string; from: string[] }) => [t.id, t.name, t.from]),
    ).toEqual([
      ['11', 'To Do', []],
      ['21', 'In Progress', []],
      ['31', 'Done', []],
    ]);
  });

  it('creates a project with its own issue types and workflow, by cloudId', async () => {
    const res = await post('/admin/projects', {
      cloudId: user.sites[0].cloudId,
      key: 'HR',
      name: 'People',
      issueTypes: ['Onboarding'],
      statuses: [
        { name: 'New', category: 'new' },
        { name: 'Closed', category: 'done' },
      ],
      transitions: [{ name: 'Close', to: 'Closed', from: ['New'] }],
    });
    expect(res.status).toBe(201);
    const [fresh, closed] = res.body.statuses;
    expect(res.body.transitions).toEqual([{ id: '11', name: 'Close', to: closed.id, from: [fresh.id] }]);
    expect(res.body.issueTypes).toEqual([{ id: expect.any(String), name: 'Onboarding', hierarchyLevel: 0 }]);
  });

  it('refuses a bad key, an undeclared status, both or neither site and cloudId (400), a taken key (409), an unknown site or lead (404)', async () => {
    const base = { site: 'north', name: 'X' };
    for (const body of [
      { ...base, key: 'lower' },
      { ...base, key: 'A' },
      { ...base, key: 'TOOLONGKEY1' },
      { ...base, key: 'WF', transitions: [{ name: 'Go', to: 'Nowhere' }] },
      {
        ...base,
        key: 'DUP',
        statuses: [
          { name: 'A', category: 'new' },
          { name: 'a', category: 'done' },
        ],
      },
      { ...base, key: 'BOTH', cloudId: user.sites[0].cloudId },
      { key: 'NONE', name: 'X' },
      { ...base, key: 'CAT', statuses: [{ name: 'A', category: 'waiting' }] },
    ]) {
      const res = await post('/admin/projects', body);
      expect([res.status, body.key]).toEqual([400, body.key]);
      expect(res.body.error).toEqual(expect.any(String));
    }
    expect((await post('/admin/projects', { ...base, key: 'OPS' })).status).toBe(409);
    expect((await post('/admin/projects', { ...base, site: 'nowhere', key: 'NEW' })).status).toBe(404);
    expect((await post('/admin/projects', { ...base, key: 'NEW', lead: 'stranger@x.test' })).status).toBe(
      404,
    );
    expect([...oauth.sandbox.state.projects.values()].map((p) => p.key).sort()).toEqual(['HR', 'OPS']);
  });

  it('a user who consents to Jira scopes sees them on accessible-resources, and works on the project through the gateway', async () => {
    const tokens = await oauth.tokensFor(email, JIRA_SCOPES);
    expect(tokens.scope.split(' ')).toEqual(expect.arrayContaining(JIRA_SCOPES));
    const resources = await call(`${oauth.url}/oauth/token/accessible-resources`, {
      authorization: `Bearer ${tokens.access_token}`,
    });
    expect(resources.body).toEqual([
      expect.objectContaining({
        id: user.sites[0].cloudId,
        name: 'north',
        scopes: expect.arrayContaining(JIRA_SCOPES),
      }),
    ]);
    expect(resources.body[0].scopes.filter((s: string) => s.includes('confluence'))).toEqual([]);

    const api = oauth.jiraGatewayBase(resources.body[0].id);
    const headers = { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' };
    const created = await call(`${api}/issue`, headers, {
      fields: {
        project: { key: 'OPS' },
        issuetype: { name: 'Task' },
        summary: 'Rotate keys',
        description: adf('Quarterly'),
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toBe('OPS-1');
    const read = await call(`${api}/issue/OPS-1`, headers);
    expect(read.body.fields).toMatchObject({ summary: 'Rotate keys', description: adf('Quarterly') });

    // A Confluence-only grant of the same user does not reach Jira.
    const confluence = await oauth.tokensFor(email);
    const refused = await call(`${api}/issue/OPS-1`, { authorization: `Bearer ${confluence.access_token}` });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
  });

  it('reset forgets projects and issues', async () => {
    expect((await post('/admin/reset', {})).status).toBe(204);
    expect(oauth.sandbox.state.projects.size).toBe(0);
    expect(oauth.sandbox.state.issues.size).toBe(0);
  });

  it("the development seed gives each of the developer's sites a Jira project DEV, usable over Basic", async () => {
    seedDevelopment(oauth.sandbox.state, {});
    const auth = `Basic ${Buffer.from('developer@example.com:sandbox-dev-api-token').toString('base64')}`;
    const headers = { authorization: auth, 'content-type': 'application/json' };
    for (const site of ['acme', 'acme-eu']) {
      const api = oauth.jiraSiteBase(site);
      const project = await call(`${api}/project/DEV`, headers);
      expect(project.status).toBe(200);
      expect(project.body).toMatchObject({
        key: 'DEV',
        name: 'Development',
        lead: { emailAddress: 'developer@example.com' },
      });
      const created = await call(`${api}/issue`, headers, {
        fields: { project: { key: 'DEV' }, issuetype: { name: 'Story' }, summary: `First on ${site}` },
      });
      expect(created.body.key).toBe('DEV-1');
    }
    const other = await call(`${oauth.jiraSiteBase('acme')}/issue/DEV-1`, headers);
    expect(other.body.fields.summary).toBe('First on acme');
    const nope = await call(`${oauth.jiraSiteBase('acme')}/project/NOPE`, headers);
    expect(nope.body).toEqual(jiraError(["No project could be found with key 'NOPE'."]));
  });
});
