import { createProject, JIRA_SCOPES } from '@actionhub/atlassian-sandbox';
import { uniqueTopicPrefix } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { AuthProfilesStandIn } from '../support/auth-profiles-stand-in';
import { dialogTasksReady } from '../support/dialog-tasks-ready';
import { DialogsApi, RunningDialogs, startDialogs } from '../support/dialogs-service';
import { actionConfigured, EventProducer, templateInstalled } from '../support/kafka-events';

const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

// Every Jira template run by dialogs against the real sandbox (Jira's OpenAPI document validates
// each call), with auth-profiles' internal routes stood in by tokens from the sandbox's consent.
describe('Jira dialog runs', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  const authProfiles = new AuthProfilesStandIn();
  let dialogs: RunningDialogs;
  let db: DataSource;
  let cloudId: string;
  let siteUrl: string;
  const developer = 'jira-dev@acme.test';

  beforeAll(async () => {
    await authProfiles.start();
    const user = await authProfiles.oauth.user(developer, 'acme');
    cloudId = user.sites[0].cloudId;
    siteUrl = user.sites[0].url;
    await authProfiles.oauth.user('jira-reader@acme.test', 'acme');
    createProject(sandbox(), { cloudId, key: 'OPS', name: 'Operations', leadAccountId: user.accountId });
    dialogs = await startDialogs(authProfiles.dialogsEnv(prefix));
    db = createDataSource(process.env.DATABASE_URL!);
    await db.initialize();
  });

  afterAll(async () => {
    await events.close();
    await dialogs?.close();
    await authProfiles.stop();
    await db?.destroy();
  });

  const sandbox = () => authProfiles.oauth.sandbox.state;
  const counters = () => authProfiles.oauth.counters();
  const issueByKey = (key: string) => [...sandbox().issues.values()].find((i) => i.key === key);
  const logOf = (errorId: string) => dialogs.logs.find((l) => l.errorId === errorId);

  async function jiraApp(authorizationType: 'pre-authorize' | 'user-authorize', templateKeys: string[]) {
    const appId = randomUUID();
    const configured = actionConfigured(appId, authorizationType, {}, 'jira');
    const installs = templateKeys.map((key) =>
      templateInstalled(appId, key, randomUUID(), undefined, 'jira'),
    );
    await events.send(configured, ...installs);
    const dialogIds = await dialogTasksReady(db, appId, installs);
    return { appId, dialogIds, api: await DialogsApi.forApp(dialogs.url, appId) };
  }

  const ALL = [
    'create-issue',
    'get-issue',
    'search-issues',
    'update-issue',
    'add-comment',
    'transition-issue',
    'delete-issue',
  ];
  const newIssue = (summary: string) => ({
    projectKey: 'OPS',
    issueType: 'Bug',
    summary,
    description: `${summary}: steps to reproduce`,
  });

  it('pre-authorize: an issue created, read, updated, commented on, moved by name and deleted through the sandbox', async () => {
    const { appId, dialogIds, api } = await jiraApp('pre-authorize', ALL);
    await authProfiles.connectApp(appId, developer, undefined, 'jira');

    const created = await api.run(dialogIds['create-issue'], 'u', newIssue('Login fails'));
    expect(created.body).toMatchObject({
      status: 'completed',
      output: { key: expect.stringMatching(/^OPS-\d+$/) },
    });
    const key = created.body.output.key as string;
    // Jira's page for the issue is on the connection's site, which no API answer carries.
    const view = `${siteUrl}/browse/${key}`;
    expect(created.body.links).toEqual([{ label: 'View Issue', url: view }]);
    expect(created.body.message).toBe(`Created ${key} "Login fails" (Bug, To Do).\nView Issue: ${view}`);
    expect(issueByKey(key)).toMatchObject({
      summary: 'Login fails',
      description: adf('Login fails: steps to reproduce'),
    });
    expect(authProfiles.callsFor(appId)[0].body).toEqual({ actionKey: 'jira', subject: { type: 'app' } });

    const got = await api.run(dialogIds['get-issue'], 'u', { issueKey: key });
    expect(got.body).toMatchObject({
      status: 'completed',
      message: `${key}: Login fails (Bug, To Do, unassigned).\nView Issue: ${view}`,
    });

    const updated = await api.run(dialogIds['update-issue'], 'u', {
      issueKey: key,
      summary: 'Login fails on Safari',
      description: 'Only Safari 17',
    });
    expect(updated.body.message).toBe(`Updated ${key}: "Login fails on Safari".\nView Issue: ${view}`);
    expect(issueByKey(key)).toMatchObject({
      summary: 'Login fails on Safari',
      description: adf('Only Safari 17'),
    });

    const commented = await api.run(dialogIds['add-comment'], 'u', {
      issueKey: key,
      comment: 'Looking into it',
    });
    expect(commented.body.message).toBe(`Added a comment to ${key} as jira-dev.\nView Issue: ${view}`);
    expect(issueByKey(key)!.comments.map((c) => c.body)).toEqual([adf('Looking into it')]);

    const moved = await api.run(dialogIds['transition-issue'], 'u', {
      issueKey: key,
      transitionName: 'in progress',
    });
    expect(moved.body.message).toBe(`Moved ${key} to In Progress.\nView Issue: ${view}`);
    const inProgress = [...sandbox().projects.values()]
      .find((p) => p.key === 'OPS')!
      .statuses.find((s) => s.name === 'In Progress')!;
    expect(issueByKey(key)!.statusId).toBe(inProgress.id);

    const before = await counters();
    const unknown = await api.run(dialogIds['transition-issue'], 'u', {
      issueKey: key,
      transitionName: 'Ship it',
    });
    expect(unknown.body).toMatchObject({
      status: 'completed',
      message: `${key} offers no transition named "Ship it" from its current status.`,
    });
    // Only the list: nothing was posted.
    expect((await counters()).apiCalls - before.apiCalls).toBe(1);
    expect(issueByKey(key)!.statusId).toBe(inProgress.id);

    const deleted = await api.run(dialogIds['delete-issue'], 'u', { issueKey: key });
    expect(deleted.body.message).toBe(`Deleted ${key}.`);
    expect(issueByKey(key)).toBeUndefined();
    const gone = await api.run(dialogIds['get-issue'], 'u', { issueKey: key });
    expect(gone.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect(logOf(gone.body.errorId)).toMatchObject({ reason: expect.stringContaining('404') });
  });

  it('search-issues follows nextPageToken over every page of a JQL search', async () => {
    const { appId, dialogIds, api } = await jiraApp('pre-authorize', ['create-issue', 'search-issues']);
    await authProfiles.connectApp(appId, developer, undefined, 'jira');
    createProject(sandbox(), { cloudId, key: 'BULK', name: 'Bulk' });
    for (let i = 0; i < 55; i++) {
      const made = await api.run(dialogIds['create-issue'], 'u', {
        ...newIssue(`Bulk ${i}`),
        projectKey: 'BULK',
      });
      expect(made.body.status).toBe('completed');
    }
    const before = await counters();
    const res = await api.run(dialogIds['search-issues'], 'u', { jql: 'project = BULK ORDER BY key ASC' });
    expect(res.body.status).toBe('completed');
    const keys = (res.body.output.issues as { key: string }[]).map((i) => i.key);
    expect(new Set(keys).size).toBe(55);
    expect(keys.every((k) => k.startsWith('BULK-'))).toBe(true);
    expect(res.body.output.isLast).toBe(true);
    expect(res.body.message).toMatch(/^55 issues match, the first being BULK-1 "Bulk 0"\.$/);
    // Two pages of at most 50.
    expect((await counters()).apiCalls - before.apiCalls).toBe(2);

    const none = await api.run(dialogIds['search-issues'], 'u', {
      jql: 'project = BULK AND summary ~ "nothing like this"',
    });
    expect(none.body.message).toBe('No issue matches project = BULK AND summary ~ "nothing like this".');
  });

  it('user-authorize: the end user consents to the Jira scopes, then the issue is theirs', async () => {
    const { appId, dialogIds, api } = await jiraApp('user-authorize', ['create-issue']);
    const first = await api.run(dialogIds['create-issue'], 'end-user-3', newIssue('Mine'));
    expect(authProfiles.callsFor(appId, 'authorizations')[0].body).toMatchObject({
      actionKey: 'jira',
      subject: { type: 'end-user', endUserId: 'end-user-3' },
    });
    expect(first.body).toMatchObject({
      status: 'authorization_required',
      message: expect.stringContaining('authorize Jira'),
    });
    expect(new URL(first.body.authorizationUrl).searchParams.get('scope')).toContain('write:jira-work');
    await fetch(await authProfiles.oauth.consent(first.body.authorizationUrl, 'jira-reader@acme.test'));
    const second = await api.run(dialogIds['create-issue'], 'end-user-3', newIssue('Mine'));
    expect(second.body.status).toBe('completed');
    const issue = issueByKey(second.body.output.key)!;
    expect(sandbox().users.get(issue.reporterId)?.email).toBe('jira-reader@acme.test');
  });

  it('a 429 is waited out, an expired token refreshed once, and a missing scope never retried', async () => {
    const { appId, dialogIds, api } = await jiraApp('pre-authorize', [
      'get-issue',
      'delete-issue',
      'create-issue',
    ]);
    const connection = await authProfiles.connectApp(appId, developer, undefined, 'jira');
    const made = await api.run(dialogIds['create-issue'], 'u', newIssue('Faults'));
    const key = made.body.output.key as string;

    await authProfiles.oauth.admin('/admin/faults', {
      target: 'api',
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    let before = await counters();
    expect((await api.run(dialogIds['get-issue'], 'u', { issueKey: key })).body.status).toBe('completed');
    expect((await counters()).faultsServed - before.faultsServed).toBe(1);

    await authProfiles.oauth.admin('/admin/tokens/expire', { accessToken: connection.tokens.access_token });
    before = await counters();
    expect((await api.run(dialogIds['get-issue'], 'u', { issueKey: key })).body.status).toBe('completed');
    expect((await counters()).refreshTokenGrants - before.refreshTokenGrants).toBe(1);

    const readOnly = await jiraApp('pre-authorize', ['delete-issue']);
    await authProfiles.connectApp(
      readOnly.appId,
      'jira-reader@acme.test',
      JIRA_SCOPES.filter((s) => s !== 'write:jira-work'),
      'jira',
    );
    before = await counters();
    const refused = await readOnly.api.run(readOnly.dialogIds['delete-issue'], 'u', { issueKey: key });
    expect(refused.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect(logOf(refused.body.errorId)).toMatchObject({ reason: expect.stringContaining('scope_missing') });
    expect((await counters()).apiCalls - before.apiCalls).toBe(1);
    expect(authProfiles.callsFor(readOnly.appId)).toHaveLength(1);
    expect(issueByKey(key)).toBeDefined();
  });
});
