import { call, expectDocumented, JiraFixture, jiraError, Way } from './support/jira-fixture';

describe('Jira REST v3: JQL search on /search/jql', () => {
  let fx: JiraFixture;
  /** Keys of the issues made for these tests, oldest first. */
  const made: string[] = [];

  beforeAll(async () => {
    fx = await JiraFixture.start();
    fx.newProject({ key: 'WEB', name: 'Website' });
    const way = fx.ways()[1];
    for (let i = 1; i <= 7; i += 1) {
      const project = i <= 5 ? 'DEV' : 'WEB';
      const res = await call(`${way.api}/issue`, way.headers, {
        fields: {
          project: { key: project },
          issuetype: { name: i % 2 ? 'Task' : 'Bug' },
          summary: `Item ${i} ${i === 3 ? 'checkout crash' : 'routine'}`,
        },
      });
      made.push(res.body.key);
      fx.state.advanceClock(60); // distinct creation times
    }
    // DEV-2 is done, DEV-4 in progress.
    await call(`${way.api}/issue/${made[1]}/transitions`, way.headers, { transition: { id: '31' } });
    await call(`${way.api}/issue/${made[3]}/transitions`, way.headers, { transition: { id: '21' } });
  });
  afterAll(() => fx.close());

  describe.each(['OAuth 3LO', 'Basic'])('through %s', (name) => {
    let way: Way;
    beforeAll(() => {
      way = fx.ways().find((w) => w.name === name)!;
    });
    const search = (jql: string, extra = '') =>
      call(`${way.api}/search/jql?jql=${encodeURIComponent(jql)}${extra}`, way.headers);
    const keys = async (jql: string) =>
      (await search(jql, '&fields=key')).body.issues.map((i: { key: string }) => i.key);

    it('answers ids only unless fields are asked for, newest first, with isLast and no total', async () => {
      const res = await search('project = DEV');
      expect(res.status).toBe(200);
      expectDocumented('get', '/search/jql', res);
      const idOf = (key: string) => [...fx.state.issues.values()].find((i) => i.key === key)!.id;
      const newestFirst = made.slice(0, 5).reverse();
      expect(res.body).toEqual({ issues: newestFirst.map((key) => ({ id: idOf(key) })), isLast: true });
      const withFields = await search('project = DEV', '&fields=summary,status');
      expectDocumented('get', '/search/jql', withFields);
      expect(withFields.body.issues[0]).toEqual({
        expand: '',
        id: expect.any(String),
        key: made[4],
        self: `${way.api}/issue/${withFields.body.issues[0].id}`,
        fields: { summary: 'Item 5 routine', status: expect.objectContaining({ name: 'To Do' }) },
      });
    });

    it('filters by project, key, status, issue type and summary words, joined with AND', async () => {
      expect(await keys('project = WEB')).toEqual([made[6], made[5]]);
      expect(await keys(`key = ${made[2]}`)).toEqual([made[2]]);
      expect(await keys(`issuekey in (${made[0]}, ${made[6]})`)).toEqual([made[6], made[0]]);
      expect(await keys('status = "Done"')).toEqual([made[1]]);
      expect(await keys("status = 'in progress'")).toEqual([made[3]]);
      expect(await keys('project = DEV AND status != Done AND issuetype = Bug')).toEqual([made[3]]);
      expect(await keys('project in (DEV, WEB) AND type not in (Task)')).toEqual([made[5], made[3], made[1]]);
      expect(await keys('summary ~ "checkout crash"')).toEqual([made[2]]);
      expect(await keys('project = "Development" and status = "To Do" and summary ~ routine')).toEqual([
        made[4],
        made[0],
      ]);
    });

    it('orders by created, key or summary, ascending unless DESC', async () => {
      expect(await keys('project = DEV ORDER BY created DESC')).toEqual([...made.slice(0, 5)].reverse());
      expect(await keys('project = DEV order by created')).toEqual(made.slice(0, 5));
      expect(await keys('project in (WEB, DEV) ORDER BY key ASC')).toEqual(made);
      expect(await keys('project = DEV ORDER BY summary DESC')).toEqual([...made.slice(0, 5)].reverse());
    });

    it('pages with nextPageToken until isLast, every issue once, in order', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await search(
          'project in (DEV, WEB) ORDER BY created ASC',
          `&fields=key&maxResults=3${token ? `&nextPageToken=${token}` : ''}`,
        );
        expect(res.status).toBe(200);
        expectDocumented('get', '/search/jql', res);
        seen.push(...res.body.issues.map((i: { key: string }) => i.key));
        expect(res.body.issues.length).toBeLessThanOrEqual(3);
        token = res.body.nextPageToken;
        expect(res.body.isLast).toBe(token === undefined);
        pages += 1;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual(made);
    });

    it('POSTs the same search, paging with the token in the body', async () => {
      const body = { jql: 'project = DEV ORDER BY created ASC', maxResults: 4, fields: ['summary'] };
      const first = await call(`${way.api}/search/jql`, way.headers, body);
      expect(first.status).toBe(200);
      expectDocumented('post', '/search/jql', first);
      expect(first.body.issues.map((i: { key: string }) => i.key)).toEqual(made.slice(0, 4));
      expect(first.body.isLast).toBe(false);
      const second = await call(`${way.api}/search/jql`, way.headers, {
        ...body,
        nextPageToken: first.body.nextPageToken,
      });
      expect(second.body).toMatchObject({
        isLast: true,
        issues: [{ key: made[4], fields: { summary: 'Item 5 routine' } }],
      });
      expect(second.body).not.toHaveProperty('nextPageToken');
    });

    it('counts approximately on /search/approximate-count', async () => {
      const res = await call(`${way.api}/search/approximate-count`, way.headers, {
        jql: 'project = DEV AND status != Done',
      });
      expect(res.status).toBe(200);
      expectDocumented('post', '/search/approximate-count', res);
      expect(res.body).toEqual({ count: 4 });
    });

    it("sees only its own site: another site's project and keys do not exist here", async () => {
      const other = await search('project = OPS');
      expect(other.status).toBe(400);
      expect(other.body).toEqual(jiraError(["The value 'OPS' does not exist for the field 'project'."]));
      const key = await search(`key = ${fx.otherIssue.key}`);
      expect(key.body).toEqual(
        jiraError([`An issue with key '${fx.otherIssue.key}' does not exist for field 'key'.`]),
      );
    });
  });

  describe("refusals, in Jira's error shape", () => {
    let way: Way;
    beforeAll(() => {
      way = fx.ways()[0];
    });
    const search = (jql: string, extra = '') =>
      call(`${way.api}/search/jql?jql=${encodeURIComponent(jql)}${extra}`, way.headers);
    const refusal = async (jql: string) => {
      const res = await search(jql);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({});
      return res.body.errorMessages as string[];
    };

    it('an unbounded query, with or without ORDER BY', async () => {
      const message =
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
      expect(await refusal('')).toEqual([message]);
      expect(await refusal('ORDER BY created DESC')).toEqual([message]);
      expect((await call(`${way.api}/search/jql`, way.headers)).body).toEqual(jiraError([message]));
    });

    it('values the site does not have, each named', async () => {
      expect(await refusal('project = NOPE AND status = "Blocked" AND issuetype = Saga')).toEqual([
        "The value 'NOPE' does not exist for the field 'project'.",
        "The value 'Blocked' does not exist for the field 'status'.",
        "The value 'Saga' does not exist for the field 'issuetype'.",
      ]);
      expect(await refusal('key = DEV-9999')).toEqual([
        "An issue with key 'DEV-9999' does not exist for field 'key'.",
      ]);
      expect(await refusal('key = "not a key"')).toEqual([
        "The issue key 'not a key' for field 'key' is invalid.",
      ]);
    });

    it('unknown fields, misused operators and syntax errors, as Jira words them', async () => {
      expect(await refusal('colour = red')).toEqual([
        "Field 'colour' does not exist or you do not have permission to view it.",
      ]);
      expect(await refusal('summary = "x"')).toEqual([
        "The operator '=' is not supported by the 'summary' field.",
      ]);
      expect(await refusal('project ~ DEV')).toEqual([
        "The operator '~' is not supported by the 'project' field.",
      ]);
      expect(await refusal('project DEV')).toEqual([
        expect.stringMatching(
          /^Error in the JQL Query: Expecting operator but got 'DEV'.*\(line 1, character 9\)$/,
        ),
      ]);
      expect(await refusal('project = DEV status = Done')).toEqual([
        expect.stringContaining("Expecting either 'OR' or 'AND' but got 'status'"),
      ]);
      expect(await refusal('project = DEV # x')).toEqual([
        expect.stringContaining("The character '#' is a reserved JQL character"),
      ]);
    });

    it('JQL Jira has but the sandbox does not, said plainly instead of answered wrongly', async () => {
      for (const [jql, what] of [
        ['project = DEV OR project = WEB', 'OR'],
        ['assignee = currentUser()', "the field 'assignee'"],
        ['project = DEV AND created >= -7d', "the field 'created'"],
        ['project = DEV AND key > DEV-1', "the operator '>'"],
        ['(project = DEV)', 'parentheses'],
        ['NOT project = DEV', 'NOT'],
        ['project in projectsLeadByUser()', "the function 'projectsLeadByUser()'"],
        ['project = DEV ORDER BY priority DESC', 'ORDER BY priority'],
      ]) {
        expect(await refusal(jql)).toEqual([expect.stringContaining(`does not support ${what} in JQL`)]);
      }
    });

    it('a nextPageToken that is not one, or belongs to another query', async () => {
      const first = await search('project = DEV', '&maxResults=1');
      expect(first.body.nextPageToken).toEqual(expect.any(String));
      for (const token of ['garbage', first.body.nextPageToken]) {
        const res = await search('project = WEB', `&nextPageToken=${token}`);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(jiraError(['The nextPageToken is invalid, or belongs to another query.']));
      }
    });

    it('answers the retired /rest/api/3/search with 410 Gone, through the gateway and on the site', async () => {
      for (const w of fx.ways()) {
        for (const res of [
          await call(`${w.api}/search?jql=project%20%3D%20DEV&startAt=0`, w.headers),
          await call(`${w.api}/search`, w.headers, { jql: 'project = DEV', startAt: 0, maxResults: 50 }),
        ]) {
          expect(res.status).toBe(410);
          expect(res.body).toEqual(jiraError([expect.stringContaining('/rest/api/3/search/jql')]));
        }
      }
      // Authentication comes first, as on the gateway.
      expect((await call(`${fx.gatewayApi}/search`, {})).status).toBe(401);
    });
  });
});
