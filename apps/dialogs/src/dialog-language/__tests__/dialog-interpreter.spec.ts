import { ConnectorRequest, ConnectorResult, findTemplate } from '@actionhub/providers';
import { runDialog } from '../dialog-interpreter';

const createContent = findTemplate('confluence', 'create-content')!.dialog;
const entities = {
  contentType: 'blogpost',
  spaceKey: 'DEV',
  contentTitle: 'Hello',
  contentBody: '<p>Hi</p>',
};

/** Answers create-content's three calls the way Confluence does. */
async function answer(request: ConnectorRequest): Promise<ConnectorResult> {
  if (request.method === 'GET' && request.query?.keys === undefined) {
    return {
      status: 200,
      body: { results: [], _links: { base: 'https://acme.atlassian.net/wiki' } },
      requests: 1,
    };
  }
  if (request.method === 'GET') {
    const results = request.query?.keys === 'DEV' ? [{ id: '7', key: 'DEV' }] : [];
    return { status: 200, body: { results, _links: {} }, requests: 1 };
  }
  return {
    status: 200,
    body: { id: '99', title: 'Hello', _links: { webui: '/spaces/DEV/blog/2026/11/20/99/Hello' } },
    requests: 1,
  };
}

describe('dialog interpreter', () => {
  it('runs create-content: site, space id, POST /blogposts, and a View Content link', async () => {
    const calls: ConnectorRequest[] = [];
    const outcome = await runDialog(createContent, entities, async (_node, request) => {
      calls.push(request);
      return answer(request);
    });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /spaces',
      'GET /spaces',
      'POST /blogposts',
    ]);
    expect(calls[2].body).toEqual({
      spaceId: '7',
      status: 'current',
      title: 'Hello',
      body: { representation: 'storage', value: '<p>Hi</p>' },
    });
    expect(outcome.links).toEqual([
      { label: 'View Content', url: 'https://acme.atlassian.net/wiki/spaces/DEV/blog/2026/11/20/99/Hello' },
    ]);
    expect(outcome.message).toBe('Created the blogpost "Hello" in space DEV.');
    expect(outcome.output).toMatchObject({ id: '99' });
  });

  it('takes the conditional edge when the space does not exist, and creates nothing', async () => {
    const calls: ConnectorRequest[] = [];
    const outcome = await runDialog(createContent, { ...entities, spaceKey: 'NOPE' }, async (_n, request) => {
      calls.push(request);
      return answer(request);
    });
    expect(outcome.endedAt).toBe('spaceMissing');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
