import { adf, call, expectDocumented, JiraFixture, jiraError, Way } from './support/jira-fixture';

describe('Jira REST v3: issues', () => {
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

    it('creates an issue with an ADF description and reads it back by key and by id', async () => {
      const description = {
        type: 'doc',
        version: 1,
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Press', marks: [{ type: 'strong' }] }] },
        ],
      };
      const created = await call(`${way.api}/issue`, way.headers, {
        fields: {
          project: { key: 'DEV' },
          issuetype: { name: 'Bug' },
          summary: `Login fails (${name})`,
          description,
          labels: ['web'],
        },
      });
      expect(created.status).toBe(201);
      expectDocumented('post', '/issue', created);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        key: expect.stringMatching(/^DEV-\d+$/),
        self: `${way.api}/issue/${created.body.id}`,
      });

      for (const ref of [created.body.key, created.body.id, created.body.key.toLowerCase()]) {
        const got = await call(`${way.api}/issue/${ref}`, way.headers);
        expect(got.status).toBe(200);
        expectDocumented('get', '/issue/{issueIdOrKey}', got);
        expect(got.body).toMatchObject({
          id: created.body.id,
          key: created.body.key,
          self: `${way.api}/issue/${created.body.id}`,
          fields: {
            summary: `Login fails (${name})`,
            description,
            labels: ['web'],
            issuetype: { name: 'Bug', subtask: false },
            project: { key: 'DEV', name: 'Development' },
            status: { name: 'To Do', statusCategory: { key: 'new' } },
            reporter: { accountId: fx.user.accountId, displayName: 'Dev User' },
            assignee: null,
            resolution: null,
            created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
          },
        });
      }
    });

    it('numbers issues per project: DEV-1, DEV-2, ... never reused', async () => {
      const a = await fx.issue(way, 'first');
      const b = await fx.issue(way, 'second');
      const n = (key: string) => Number(key.split('-')[1]);
      expect(n(b.key)).toBe(n(a.key) + 1);
      expect((await call(`${way.api}/issue/${b.key}`, way.headers, undefined, 'DELETE')).status).toBe(204);
      expect(n((await fx.issue(way, 'third')).key)).toBe(n(b.key) + 1);
    });

    it('returns only the fields asked for', async () => {
      const { key } = await fx.issue(way, 'Narrow');
      const got = await call(`${way.api}/issue/${key}?fields=summary,status`, way.headers);
      expect(Object.keys(got.body.fields).sort()).toEqual(['status', 'summary']);
      const most = await call(`${way.api}/issue/${key}?fields=*navigable,-description`, way.headers);
      expect(most.body.fields.summary).toBe('Narrow');
      expect(most.body.fields).not.toHaveProperty('description');
      expect(most.body.fields).not.toHaveProperty('comment');
    });

    it('edits summary, description, labels and assignee (fields and update), answering 204', async () => {
      const { key } = await fx.issue(way, 'Before', { labels: ['a'] });
      const edit = await call(
        `${way.api}/issue/${key}`,
        way.headers,
        {
          fields: {
            summary: 'After',
            description: adf('Now described'),
            assignee: { accountId: fx.user.accountId },
          },
          update: { labels: [{ add: 'b' }, { remove: 'a' }] },
        },
        'PUT',
      );
      expect(edit.status).toBe(204);
      expect(edit.body).toBeUndefined();
      const got = await call(`${way.api}/issue/${key}`, way.headers);
      expect(got.body.fields).toMatchObject({
        summary: 'After',
        description: adf('Now described'),
        labels: ['b'],
        assignee: { accountId: fx.user.accountId },
      });
      const returned = await call(
        `${way.api}/issue/${key}?returnIssue=true`,
        way.headers,
        { fields: { summary: 'Again' } },
        'PUT',
      );
      expect(returned.status).toBe(200);
      expect(returned.body.fields.summary).toBe('Again');
    });

    it("deletes an issue: 204, then 404 in Jira's error shape", async () => {
      const { key } = await fx.issue(way, 'Doomed');
      const del = await call(`${way.api}/issue/${key}`, way.headers, undefined, 'DELETE');
      expect(del.status).toBe(204);
      for (const method of ['GET', 'DELETE', 'PUT']) {
        const again = await call(
          `${way.api}/issue/${key}`,
          way.headers,
          method === 'PUT' ? { fields: {} } : undefined,
          method,
        );
        expect(again.status).toBe(404);
        expect(again.body).toEqual(
          jiraError(['Issue does not exist or you do not have permission to see it.']),
        );
      }
    });

    it('answers 404 for an issue of another site, by key and by id, and never changes it', async () => {
      const { key, id } = fx.otherIssue;
      for (const ref of [key, id]) {
        const got = await call(`${way.api}/issue/${ref}`, way.headers);
        expect(got.status).toBe(404);
        expect(got.body).toEqual(
          jiraError(['Issue does not exist or you do not have permission to see it.']),
        );
        expect((await call(`${way.api}/issue/${ref}`, way.headers, undefined, 'DELETE')).status).toBe(404);
        expect((await call(`${way.api}/issue/${ref}/comment`, way.headers, { body: adf('x') })).status).toBe(
          404,
        );
      }
      expect(fx.state.issues.get(id)).toMatchObject({ summary: 'Not yours', comments: [] });
    });
  });

  describe("refusals, in Jira's error shape", () => {
    let way: Way;
    beforeAll(() => {
      way = fx.ways()[0];
    });
    const create = (fields: Record<string, unknown>) => call(`${way.api}/issue`, way.headers, { fields });
    const base = { project: { key: 'DEV' }, issuetype: { name: 'Task' }, summary: 'S' };

    it('a description that is not an ADF document: a plain string, a wrong version, an unknown node', async () => {
      for (const description of [
        'plain text',
        { type: 'doc', version: 2, content: [] },
        { type: 'doc', version: 1, content: [{ type: 'marquee', content: [] }] },
        { type: 'doc', version: 1, content: [{ type: 'text', text: 'text outside a paragraph' }] },
        { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] },
      ]) {
        const res = await create({ ...base, description });
        expect(res.status).toBe(400);
        expectDocumented('post', '/issue', res);
        expect(res.body).toEqual(
          jiraError([], {
            description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
          }),
        );
      }
      const edit = await call(
        `${way.api}/issue/${(await fx.issue(way, 'x')).key}`,
        way.headers,
        { fields: { description: 'plain' } },
        'PUT',
      );
      expect(edit.status).toBe(400);
      expect(edit.body.errors).toHaveProperty('description');
    });

    it('missing or wrong project, issue type and summary, each named by field', async () => {
      const none = await create({});
      expect(none.status).toBe(400);
      expect(none.body).toEqual(
        jiraError([], {
          project: 'Specify a valid project ID or key',
          issuetype: 'Specify an issue type',
          summary: 'You must specify a summary of the issue.',
        }),
      );
      expect((await create({ ...base, project: { key: 'NOPE' } })).body.errors).toEqual({
        project: 'Specify a valid project ID or key',
      });
      expect((await create({ ...base, project: { id: fx.otherIssue.projectId } })).body.errors).toEqual({
        project: 'Specify a valid project ID or key',
      });
      expect((await create({ ...base, issuetype: { name: 'Saga' } })).body.errors).toEqual({
        issuetype: 'The issue type selected is invalid.',
      });
      expect((await create({ ...base, summary: '   ' })).body.errors).toEqual({
        summary: 'You must specify a summary of the issue.',
      });
      expect((await create({ ...base, summary: 'x'.repeat(256) })).body.errors).toEqual({
        summary: 'Summary must be less than 255 characters.',
      });
    });

    it('a field the sandbox does not keep, or one the screen does not show', async () => {
      const res = await create({ ...base, customfield_10010: 3 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({
        customfield_10010:
          "Field 'customfield_10010' cannot be set. It is not on the appropriate screen, or unknown.",
      });
      const { key } = await fx.issue(way, 'Stays');
      const move = await call(
        `${way.api}/issue/${key}`,
        way.headers,
        { fields: { project: { key: 'OPS' } } },
        'PUT',
      );
      expect(move.status).toBe(400);
      expect(move.body.errors).toHaveProperty('project');
      expect((await call(`${way.api}/issue/${key}`, way.headers)).body.fields.project.key).toBe('DEV');
    });

    it('a body the document refuses, and one that is not JSON', async () => {
      const res = await call(`${way.api}/issue`, way.headers, { fields: 'summary' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(jiraError([expect.stringContaining('fields must be object')]));
      const broken = await call(`${way.api}/issue`, way.headers, '{"fields": ');
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual(jiraError(['Request body is not valid JSON']));
    });
  });
});
