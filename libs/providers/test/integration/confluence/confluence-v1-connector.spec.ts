import { SandboxOAuth } from '@actionhub/atlassian-sandbox';
import { ConnectionCredentials, Connector, ConnectorError, createConnector } from '../../../src';

// Confluence's REST v1 (add label, CQL search) through the connector createConnector gives the
// services, against the sandbox: the v1 base comes from the connection's v2 base and the action's
// `apiBases`, through the 3LO gateway and on the site with Basic credentials alike.
describe('Confluence connector, REST v1, on the sandbox', () => {
  let oauth: SandboxOAuth;
  let bearer: ConnectionCredentials;
  let basic: ConnectionCredentials;
  let connector: Connector;
  const email = 'labeller@acme.test';

  beforeAll(async () => {
    oauth = await SandboxOAuth.start();
    const user = await oauth.user(email, 'acme');
    const tokens = await oauth.tokensFor(email);
    bearer = {
      authorization: `Bearer ${tokens.access_token}`,
      apiBaseUrl: oauth.gatewayBase(user.sites[0].cloudId),
    };
    basic = {
      authorization: `Basic ${Buffer.from(`${email}:${user.apiToken}`).toString('base64')}`,
      apiBaseUrl: oauth.siteApiBase('acme'),
    };
    connector = createConnector('confluence', { maxRetryWaitMs: 3_000 })!;
  });

  afterAll(() => oauth?.close());

  async function newPage(title: string): Promise<string> {
    const spaces = await connector.call(bearer, { method: 'GET', path: '/spaces', query: { keys: 'DEV' } });
    const spaceId = (spaces.body as { results: { id: string }[] }).results[0].id;
    const page = await connector.call(bearer, {
      method: 'POST',
      path: '/pages',
      body: { spaceId, status: 'current', title, body: { representation: 'storage', value: '<p/>' } },
    });
    return (page.body as { id: string }).id;
  }

  const labelNames = (body: unknown) => (body as { results: { name: string }[] }).results.map((l) => l.name);

  it('adds labels through the gateway and on the site, and finds the page by label with CQL', async () => {
    const id = await newPage('Labelled by the connector');
    const viaGateway = await connector.call(bearer, {
      method: 'POST',
      api: 'v1',
      path: `/content/${id}/label`,
      body: [{ prefix: 'global', name: 'Gateway' }],
    });
    expect(labelNames(viaGateway.body)).toEqual(['gateway']);
    const viaSite = await connector.call(basic, {
      method: 'POST',
      api: 'v1',
      path: `/content/${id}/label`,
      body: [{ prefix: 'global', name: 'site' }],
    });
    expect(labelNames(viaSite.body)).toEqual(['gateway', 'site']);
    for (const connection of [bearer, basic]) {
      const found = await connector.call(connection, {
        method: 'GET',
        api: 'v1',
        path: '/search',
        query: { cql: 'label = "site" AND label = gateway' },
      });
      expect(found.body).toMatchObject({ totalSize: 1, results: [{ content: { id } }] });
    }
  });

  it('gathers CQL search pages through their v1 next links, within the page budget', async () => {
    for (let i = 0; i < 7; i++) await newPage(`Quarterly report ${i}`);
    const query = { cql: 'title ~ "quarterly report" ORDER BY title', limit: '3' };
    for (const connection of [bearer, basic]) {
      const before = (await oauth.counters()).apiCalls;
      const all = await connector.call(connection, {
        method: 'GET',
        api: 'v1',
        path: '/search',
        query,
        pagination: { maxPages: 10 },
      });
      const body = all.body as { results: { title: string }[]; totalSize: number };
      expect(body.results.map((r) => r.title)).toEqual(
        Array.from({ length: 7 }, (_, i) => `Quarterly report ${i}`),
      );
      expect(body.totalSize).toBe(7);
      expect(all.requests).toBe(3);
      expect((await oauth.counters()).apiCalls - before).toBe(3);
    }
    const two = await connector.call(bearer, {
      method: 'GET',
      api: 'v1',
      path: '/search',
      query,
      pagination: { maxPages: 2 },
    });
    expect((two.body as { results: unknown[] }).results).toHaveLength(6);
  });

  it('reports CQL the sandbox refuses, and a page that is not there, as rejected', async () => {
    const bad = await connector
      .call(bearer, { method: 'GET', api: 'v1', path: '/search', query: { cql: 'type = ' } })
      .catch((e: ConnectorError) => e);
    expect(bad).toMatchObject({
      kind: 'rejected',
      status: 400,
      message: expect.stringContaining('Could not parse cql'),
    });
    const missing = await connector
      .call(bearer, {
        method: 'POST',
        api: 'v1',
        path: '/content/999999999/label',
        body: [{ prefix: 'global', name: 'x' }],
      })
      .catch((e: ConnectorError) => e);
    expect(missing).toMatchObject({ kind: 'rejected', status: 404 });
  });
});
