import { ConnectorError, ConnectorRequest, ConnectorResult, findTemplate } from '@actionhub/providers';
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

  describe('update-page', () => {
    const update = findTemplate('confluence', 'update-page')!.dialog;
    const inputs = { spaceKey: 'DEV', pageTitle: 'Plan', pageBody: '<p>New</p>' };
    const page = { id: '5', title: 'Plan', version: { number: 3 } };
    const answerWith = (put: () => ConnectorResult) => async (_n: unknown, request: ConnectorRequest) => {
      if (request.method === 'PUT') return put();
      const results = request.path === '/spaces' ? [{ id: '7', key: 'DEV' }] : [page];
      return { status: 200, body: { results, _links: {} }, requests: 1 };
    };

    it('puts the version read plus one', async () => {
      const calls: ConnectorRequest[] = [];
      const outcome = await runDialog(update, inputs, async (node, request) => {
        calls.push(request);
        return answerWith(() => ({
          status: 200,
          body: { ...page, version: { number: 4 }, _links: { base: 'https://a/wiki', webui: '/p' } },
          requests: 1,
        }))(node, request);
      });
      expect(calls[2]).toMatchObject({ method: 'PUT', path: '/pages/5', body: { version: { number: 4 } } });
      expect(outcome.message).toBe('Updated "Plan" to version 4.');
    });

    it('goes on at the node onRejected names when the call is refused with that status, and fails on others', async () => {
      const conflict = await runDialog(
        update,
        inputs,
        answerWith(() => {
          throw new ConnectorError('rejected', 'PUT /pages/5: 409 Version must be incremented', 409);
        }),
      );
      expect(conflict.endedAt).toBe('pageChanged');
      expect(conflict.message).toMatch(/"Plan" was changed by someone else meanwhile/);
      await expect(
        runDialog(
          update,
          inputs,
          answerWith(() => {
            throw new ConnectorError('rejected', 'PUT /pages/5: 400 title is required', 400);
          }),
        ),
      ).rejects.toThrow(/400 title is required/);
    });
  });

  it("passes on which of the action's APIs a request is for, and only when the node names one", async () => {
    const search = findTemplate('confluence', 'search-content')!.dialog;
    const calls: ConnectorRequest[] = [];
    const outcome = await runDialog(search, { cql: 'type = page' }, async (_n, request) => {
      calls.push(request);
      return { status: 200, body: { results: [], totalSize: 0, _links: {} }, requests: 1 };
    });
    expect(calls).toEqual([
      {
        method: 'GET',
        api: 'v1',
        path: '/search',
        query: { cql: 'type = page', limit: '25' },
        body: undefined,
        pagination: { maxPages: 4, style: 'next-link' },
      },
    ]);
    expect(outcome.message).toBe('No Confluence content matches type = page.');
    const created: ConnectorRequest[] = [];
    await runDialog(createContent, entities, async (_n, request) => {
      created.push(request);
      return answer(request);
    });
    expect(created.every((r) => !('api' in r))).toBe(true);
  });
});
