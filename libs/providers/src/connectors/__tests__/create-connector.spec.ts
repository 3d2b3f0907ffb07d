import { createConnector } from '..';
import { ConnectorError } from '../connector';

/** A fetch that answers 200 `{ results: [] }` and remembers the URLs it was sent to. */
function recordingFetch() {
  const urls: string[] = [];
  const fn = (async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify({ results: [] }), { status: 200 });
  }) as unknown as typeof fetch;
  return { fn, urls };
}

describe('createConnector', () => {
  it("tells the connector its action's API paths, so a template request can name another API", async () => {
    const fake = recordingFetch();
    const confluence = createConnector('confluence', { fetch: fake.fn })!;
    const connection = {
      authorization: 'Bearer t',
      apiBaseUrl: 'https://api.atlassian.com/ex/confluence/c1/wiki/api/v2',
    };
    await confluence.call(connection, { method: 'GET', path: '/spaces' });
    await confluence.call(connection, { method: 'GET', api: 'v1', path: '/search', query: { cql: 'x' } });
    expect(fake.urls).toEqual([
      'https://api.atlassian.com/ex/confluence/c1/wiki/api/v2/spaces',
      'https://api.atlassian.com/ex/confluence/c1/wiki/rest/api/search?cql=x',
    ]);
  });

  it('refuses an API an action does not declare (Jira declares none), and knows no unknown action', async () => {
    const jira = createConnector('jira', { fetch: recordingFetch().fn })!;
    const connection = { authorization: 'Bearer t', apiBaseUrl: 'https://acme.atlassian.net/rest/api/3' };
    await expect(jira.call(connection, { method: 'GET', api: 'v1', path: '/search' })).rejects.toBeInstanceOf(
      ConnectorError,
    );
    expect(createConnector('no-such-action')).toBeUndefined();
  });
});
