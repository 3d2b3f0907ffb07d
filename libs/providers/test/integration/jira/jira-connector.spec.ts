import { SandboxOAuth, createProject } from '@actionhub/atlassian-sandbox';
import { ConnectorError, JiraConnector } from '../../../src';

// The Jira connector against the real sandbox, through the 3LO gateway and with Basic on the site.
describe('Jira connector on the sandbox', () => {
  let oauth: SandboxOAuth;
  const connector = new JiraConnector({ maxRetryWaitMs: 3_000 });
  const email = 'jira-connector@acme.test';
  let basic: { authorization: string; apiBaseUrl: string };
  let bearer: { authorization: string; apiBaseUrl: string };

  beforeAll(async () => {
    oauth = await SandboxOAuth.start();
    const user = await oauth.user(email, 'acme');
    createProject(oauth.sandbox.state, { cloudId: user.sites[0].cloudId, key: 'CON', name: 'Connector' });
    basic = {
      authorization: `Basic ${Buffer.from(`${email}:${user.apiToken}`).toString('base64')}`,
      apiBaseUrl: oauth.jiraSiteBase('acme'),
    };
    const tokens = await oauth.tokensFor(email, ['read:jira-work', 'write:jira-work', 'read:jira-user']);
    bearer = {
      authorization: `Bearer ${tokens.access_token}`,
      apiBaseUrl: oauth.jiraGatewayBase(user.sites[0].cloudId),
    };
  });

  afterAll(() => oauth?.close());

  it('creates issues with Basic on the site and pages a POST search with nextPageToken through the gateway', async () => {
    for (let i = 0; i < 5; i++) {
      await connector.call(basic, {
        method: 'POST',
        path: '/issue',
        body: { fields: { project: { key: 'CON' }, issuetype: { name: 'Task' }, summary: `Task ${i}` } },
      });
    }
    const all = await connector.call(bearer, {
      method: 'POST',
      path: '/search/jql',
      body: { jql: 'project = CON', maxResults: 2, fields: ['summary'] },
      pagination: { maxPages: 10 },
    });
    const summaries = (all.body as { issues: { fields: { summary: string } }[] }).issues.map(
      (i) => i.fields.summary,
    );
    expect(summaries.sort()).toEqual(['Task 0', 'Task 1', 'Task 2', 'Task 3', 'Task 4']);
    expect(all.requests).toBe(3);
  });

  it('reports the retired /search (410) and a plain-string description (400) in Jira words', async () => {
    const gone = await connector
      .call(bearer, { method: 'GET', path: '/search', query: { jql: 'project = CON' } })
      .catch((e: ConnectorError) => e);
    expect(gone).toMatchObject({
      kind: 'rejected',
      status: 410,
      message: expect.stringContaining('/rest/api/3/search/jql'),
    });
    const plain = await connector
      .call(bearer, {
        method: 'POST',
        path: '/issue',
        body: {
          fields: {
            project: { key: 'CON' },
            issuetype: { name: 'Task' },
            summary: 'x',
            description: 'plain',
          },
        },
      })
      .catch((e: ConnectorError) => e);
    expect(plain).toMatchObject({
      kind: 'rejected',
      status: 400,
      message: expect.stringContaining('Atlassian Document'),
    });
  });
});
