import { adf, call, expectDocumented, JiraFixture, jiraError, Way } from './support/jira-fixture';

describe('Jira REST v3: comments and transitions', () => {
  let fx: JiraFixture;
  beforeAll(async () => {
    fx = await JiraFixture.start();
  });
  afterAll(() => fx.close());

  describe.each(['OAuth 3LO', 'Basic'])('through %s', (name) => {
    let way: Way;
    beforeAll(() => {
      way = fx.ways().find((w) => w.name === name)!;
    });

    it('adds an ADF comment (201) and lists it, oldest first or newest first', async () => {
      const { key, id } = await fx.issue(way, 'Discuss');
      const first = await call(`${way.api}/issue/${key}/comment`, way.headers, { body: adf('First') });
      expect(first.status).toBe(201);
      expectDocumented('post', '/issue/{issueIdOrKey}/comment', first);
      expect(first.body).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        self: `${way.api}/issue/${id}/comment/${first.body.id}`,
        body: adf('First'),
        author: { accountId: fx.user.accountId, displayName: 'Dev User' },
        created: expect.stringMatching(/\+0000$/),
      });
      await call(`${way.api}/issue/${id}/comment`, way.headers, { body: adf('Second') });
      const list = await call(`${way.api}/issue/${key}/comment`, way.headers);
      expect(list.status).toBe(200);
      expectDocumented('get', '/issue/{issueIdOrKey}/comment', list);
      expect(list.body).toMatchObject({ startAt: 0, total: 2 });
      expect(list.body.comments.map((c: { body: unknown }) => c.body)).toEqual([adf('First'), adf('Second')]);
      const newest = await call(`${way.api}/issue/${key}/comment?orderBy=-created&maxResults=1`, way.headers);
      expect(newest.body.comments.map((c: { body: unknown }) => c.body)).toEqual([adf('Second')]);
      expect(newest.body.total).toBe(2);
      const issue = await call(`${way.api}/issue/${key}?fields=comment`, way.headers);
      expect(issue.body.fields.comment.total).toBe(2);
    });

    it('refuses a comment that is not ADF, or empty, naming the comment', async () => {
      const { key } = await fx.issue(way, 'Quiet');
      const plain = await call(`${way.api}/issue/${key}/comment`, way.headers, { body: 'plain text' });
      expect(plain.status).toBe(400);
      expect(plain.body).toEqual(
        jiraError([], {
          comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
        }),
      );
      const badDoc = await call(`${way.api}/issue/${key}/comment`, way.headers, {
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'emoji' }] }] },
      });
      expect(badDoc.status).toBe(400);
      const empty = await call(`${way.api}/issue/${key}/comment`, way.headers, {});
      expect(empty.body).toEqual(jiraError([], { comment: 'Comment body can not be empty!' }));
      expect((await call(`${way.api}/issue/${key}/comment`, way.headers)).body.total).toBe(0);
    });

    it('lists the transitions of the default workflow and moves the issue through them', async () => {
      const { key } = await fx.issue(way, 'Flow');
      const list = await call(`${way.api}/issue/${key}/transitions`, way.headers);
      expect(list.status).toBe(200);
      expectDocumented('get', '/issue/{issueIdOrKey}/transitions', list);
      expect(list.body.transitions.map((t: { id: string; name: string }) => [t.id, t.name])).toEqual([
        ['11', 'To Do'],
        ['21', 'In Progress'],
        ['31', 'Done'],
      ]);
      expect(list.body.transitions[2]).toMatchObject({
        to: { name: 'Done', statusCategory: { key: 'done', colorName: 'green' } },
        isAvailable: true,
        isGlobal: true,
        hasScreen: false,
      });

      const done = await call(`${way.api}/issue/${key}/transitions`, way.headers, {
        transition: { id: '31' },
      });
      expect(done.status).toBe(204);
      const after = await call(`${way.api}/issue/${key}`, way.headers);
      expect(after.body.fields).toMatchObject({
        status: { name: 'Done', statusCategory: { key: 'done' } },
        resolution: { name: 'Done' },
        resolutiondate: expect.stringMatching(/\+0000$/),
      });
      await call(`${way.api}/issue/${key}/transitions`, way.headers, { transition: { id: '21' } });
      const reopened = await call(`${way.api}/issue/${key}?fields=status,resolution`, way.headers);
      expect(reopened.body.fields).toMatchObject({ status: { name: 'In Progress' }, resolution: null });
    });

    it('takes a comment along with a transition (update.comment), but no other field', async () => {
      const { key } = await fx.issue(way, 'Closing');
      const res = await call(`${way.api}/issue/${key}/transitions`, way.headers, {
        transition: { id: '31' },
        update: { comment: [{ add: { body: adf('Fixed in 1.2') } }] },
      });
      expect(res.status).toBe(204);
      const comments = await call(`${way.api}/issue/${key}/comment`, way.headers);
      expect(comments.body.comments.map((c: { body: unknown }) => c.body)).toEqual([adf('Fixed in 1.2')]);
      const withField = await call(`${way.api}/issue/${key}/transitions`, way.headers, {
        transition: { id: '11' },
        fields: { summary: 'sneaky' },
      });
      expect(withField.status).toBe(400);
      expect(withField.body.errors).toEqual({
        summary: "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown.",
      });
      expect((await call(`${way.api}/issue/${key}?fields=status`, way.headers)).body.fields.status.name).toBe(
        'Done',
      );
    });
  });

  describe('a project with its own workflow', () => {
    let way: Way;
    let key: string;
    beforeAll(async () => {
      fx.newProject({
        key: 'REV',
        name: 'Reviews',
        issueTypes: ['Request'],
        statuses: [
          { name: 'Open', category: 'new' },
          { name: 'In Review', category: 'indeterminate' },
          { name: 'Approved', category: 'done' },
        ],
        transitions: [
          { name: 'Start review', to: 'In Review', from: ['Open'] },
          { name: 'Approve', to: 'Approved', from: ['In Review'] },
          { name: 'Reopen', to: 'Open' },
        ],
      });
      way = fx.ways()[0];
      const res = await call(`${way.api}/issue`, way.headers, {
        fields: { project: { key: 'REV' }, issuetype: { name: 'Request' }, summary: 'Budget' },
      });
      key = res.body.key;
    });

    const names = async () =>
      (await call(`${way.api}/issue/${key}/transitions`, way.headers)).body.transitions.map(
        (t: { name: string }) => t.name,
      );

    it('starts in its first status and offers only the transitions from the current one', async () => {
      expect((await call(`${way.api}/issue/${key}?fields=status`, way.headers)).body.fields.status.name).toBe(
        'Open',
      );
      expect(await names()).toEqual(['Start review', 'Reopen']);
      const all = await call(
        `${way.api}/issue/${key}/transitions?includeUnavailableTransitions=true`,
        way.headers,
      );
      expect(
        all.body.transitions.map((t: { name: string; isAvailable: boolean }) => [t.name, t.isAvailable]),
      ).toEqual([
        ['Start review', true],
        ['Approve', false],
        ['Reopen', true],
      ]);
    });

    it("refuses a transition that is not available from the current status, or that doesn't exist", async () => {
      const all = await call(
        `${way.api}/issue/${key}/transitions?includeUnavailableTransitions=true`,
        way.headers,
      );
      const approve = all.body.transitions.find((t: { name: string }) => t.name === 'Approve');
      const early = await call(`${way.api}/issue/${key}/transitions`, way.headers, {
        transition: { id: approve.id },
      });
      expect(early.status).toBe(400);
      expect(early.body).toEqual(jiraError([`Transition id '${approve.id}' is not valid for this issue.`]));
      const unknown = await call(`${way.api}/issue/${key}/transitions`, way.headers, {
        transition: { id: '999' },
      });
      expect(unknown.body).toEqual(jiraError(["Transition id '999' is not valid for this issue."]));
      const missing = await call(`${way.api}/issue/${key}/transitions`, way.headers, {});
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual(jiraError(["Missing 'transition' identifier"]));
      expect((await call(`${way.api}/issue/${key}?fields=status`, way.headers)).body.fields.status.name).toBe(
        'Open',
      );
    });

    it('follows the workflow: Start review, then Approve', async () => {
      const list = (await call(`${way.api}/issue/${key}/transitions`, way.headers)).body.transitions;
      const start = list.find((t: { name: string }) => t.name === 'Start review');
      expect(
        (await call(`${way.api}/issue/${key}/transitions`, way.headers, { transition: { id: start.id } }))
          .status,
      ).toBe(204);
      expect(await names()).toEqual(['Approve', 'Reopen']);
      const approve = (await call(`${way.api}/issue/${key}/transitions`, way.headers)).body.transitions[0];
      await call(`${way.api}/issue/${key}/transitions`, way.headers, { transition: { id: approve.id } });
      const issue = await call(`${way.api}/issue/${key}?fields=status,resolution`, way.headers);
      expect(issue.body.fields).toMatchObject({ status: { name: 'Approved' }, resolution: { name: 'Done' } });
    });
  });
});
