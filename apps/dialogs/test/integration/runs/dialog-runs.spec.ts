import { uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { AuthProfilesStandIn } from '../support/auth-profiles-stand-in';
import { dialogTasksReady } from '../support/dialog-tasks-ready';
import { DialogsApi, RunningDialogs, startDialogs } from '../support/dialogs-service';
import { actionConfigured, actionDisabled, EventProducer, templateInstalled } from '../support/kafka-events';
import { CONFLUENCE_SCOPES } from '@actionhub/atlassian-sandbox';

// Runs against the real Atlassian sandbox, with a stand-in for auth-profiles' internal routes
// whose tokens come from the sandbox's own consent page and token endpoint.
describe('dialog runs', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  const authProfiles = new AuthProfilesStandIn();
  let dialogs: RunningDialogs;
  let db: DataSource;
  let siteUrl: string;
  const developer = 'developer@acme.test';

  beforeAll(async () => {
    await authProfiles.start();
    const user = await authProfiles.oauth.user(developer, 'acme');
    siteUrl = user.sites[0].url;
    await authProfiles.oauth.user('reader@acme.test', 'acme');
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

  /** A configured app with installed templates, as ActionConfigured and TemplateInstalled make it. */
  async function appWith(authorizationType: 'pre-authorize' | 'user-authorize', templateKeys: string[]) {
    const appId = randomUUID();
    const configured = actionConfigured(appId, authorizationType);
    const installs = templateKeys.map((key) => templateInstalled(appId, key));
    await events.send(configured, ...installs);
    const dialogIds = await dialogTasksReady(db, appId, installs);
    return {
      appId,
      configurationId: configured.payload.configurationId,
      dialogIds,
      api: await DialogsApi.forApp(dialogs.url, appId),
    };
  }

  const pageInputs = (title: string) => ({
    contentType: 'page',
    spaceKey: 'DEV',
    contentTitle: title,
    contentBody: `<p>${title} body</p>`,
  });

  const logOf = (errorId: string) => dialogs.logs.find((l) => l.errorId === errorId);

  it('pre-authorize: creates a page the sandbox reads back, and answers with the View Content link', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content']);
    await authProfiles.connectApp(appId, developer);

    const res = await api.run(dialogIds['create-content'], 'end-user-1', pageInputs('Release notes'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', output: { title: 'Release notes' } });
    const page = [...sandbox().contents.values()].find((c) => c.title === 'Release notes')!;
    expect(page).toMatchObject({ kind: 'page', bodyStorage: '<p>Release notes body</p>' });
    const link = `${siteUrl}/wiki/spaces/DEV/pages/${page.id}/Release+notes`;
    expect(res.body.links).toEqual([{ label: 'View Content', url: link }]);
    expect(res.body.message).toContain(`View Content: ${link}`);
    // The app's connection was used: subject app, with a service token.
    const [call] = authProfiles.callsFor(appId);
    expect(call.body).toEqual({ actionKey: 'confluence', subject: { type: 'app' } });
    expect(call.authorization).toMatch(/^Bearer ey/);

    // And a blog post through the same dialog.
    const post = await api.run(dialogIds['create-content'], 'end-user-1', {
      ...pageInputs('Weekly update'),
      contentType: 'Blog post',
    });
    expect(post.body.status).toBe('completed');
    expect(post.body.links[0].url).toMatch(new RegExp(`^${siteUrl}/wiki/spaces/DEV/blog/`));
    expect([...sandbox().contents.values()].find((c) => c.title === 'Weekly update')?.kind).toBe('blogpost');
  });

  it('asks for missing entities without calling anything', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content']);
    await authProfiles.connectApp(appId, developer);
    const before = await counters();
    const res = await api.run(dialogIds['create-content'], 'end-user-1', {
      contentType: 'page',
      spaceKey: 'DEV',
    });
    expect(res.body).toEqual({
      status: 'input_required',
      runId: expect.any(String),
      missing: ['contentTitle', 'contentBody'],
      prompt: 'What is the title?',
    });
    expect((await counters()).apiCalls).toBe(before.apiCalls);
    expect(authProfiles.callsFor(appId)).toHaveLength(0);
  });

  it('user-authorize: the first run answers with an authorization link, and after consent the same run succeeds', async () => {
    const { appId, dialogIds, api } = await appWith('user-authorize', ['create-content']);
    const inputs = pageInputs('Authorized later');
    const first = await api.run(dialogIds['create-content'], 'end-user-7', inputs);
    expect(first.body).toMatchObject({
      status: 'authorization_required',
      message: expect.stringContaining('authorize Confluence'),
      authorizationUrl: expect.stringContaining(`${authProfiles.oauth.url}/authorize?`),
    });
    const [authorization] = authProfiles.callsFor(appId, 'authorizations');
    expect(authorization.body).toEqual({
      actionKey: 'confluence',
      profileId: 'system',
      subject: { type: 'end-user', endUserId: 'end-user-7' },
      edition: 'developer',
    });

    // The end user follows the link: consent page, Allow, back to the (stand-in) callback.
    const back = await authProfiles.oauth.consent(first.body.authorizationUrl, 'reader@acme.test');
    expect((await fetch(back)).status).toBe(200);

    const second = await api.run(dialogIds['create-content'], 'end-user-7', inputs);
    expect(second.body).toMatchObject({ status: 'completed', output: { title: 'Authorized later' } });
    const page = [...sandbox().contents.values()].find((c) => c.title === 'Authorized later')!;
    expect(sandbox().users.get(page.authorId)?.email).toBe('reader@acme.test');
  });

  it('user-authorize: a connection whose refresh failed for good answers "Something went wrong" with a new link', async () => {
    const { appId, dialogIds, api } = await appWith('user-authorize', ['list-spaces']);
    const first = await api.run(dialogIds['list-spaces'], 'end-user-9', {});
    await fetch(await authProfiles.oauth.consent(first.body.authorizationUrl, 'reader@acme.test'));
    authProfiles.connection(appId, { type: 'end-user', endUserId: 'end-user-9' })!.reauthorizationRequired =
      true;
    const res = await api.run(dialogIds['list-spaces'], 'end-user-9', {});
    expect(res.body).toMatchObject({
      status: 'failed',
      message: 'Something went wrong',
      errorId: expect.any(String),
      authorizationUrl: expect.stringContaining('/authorize?'),
    });
    expect(logOf(res.body.errorId)).toMatchObject({ reason: expect.stringContaining('new authorization') });
  });

  it('get-content reads a page and its body back by title', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content', 'get-content']);
    await authProfiles.connectApp(appId, developer);
    await api.run(dialogIds['create-content'], 'u', pageInputs('Readable page'));
    const res = await api.run(dialogIds['get-content'], 'u', {
      contentType: 'page',
      spaceKey: 'DEV',
      contentTitle: 'Readable page',
    });
    expect(res.body.status).toBe('completed');
    expect(res.body.message).toContain('<p>Readable page body</p>');
    expect(res.body.links[0].url).toMatch(
      new RegExp(`^${siteUrl}/wiki/spaces/DEV/pages/\\d+/Readable\\+page$`),
    );
  });

  it('list-pages follows pagination to every page of the space', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content', 'list-pages']);
    await authProfiles.connectApp(appId, developer);
    await sandboxSpace('LOTS');
    for (let i = 0; i < 27; i++) {
      const made = await api.run(dialogIds['create-content'], 'u', {
        ...pageInputs(`Lots ${i}`),
        spaceKey: 'LOTS',
      });
      expect(made.body.status).toBe('completed');
    }
    const lots = [...sandbox().spaces.values()].find((s) => s.key === 'LOTS')!;
    const expected = [...sandbox().contents.values()].filter(
      (c) => c.kind === 'page' && c.spaceId === lots.id,
    );
    expect(expected.length).toBeGreaterThan(25);

    const before = await counters();
    const res = await api.run(dialogIds['list-pages'], 'u', { spaceKey: 'LOTS' });
    expect(res.body.status).toBe('completed');
    expect(res.body.output.results.map((p: { id: string }) => p.id).sort()).toEqual(
      expected.map((p) => p.id).sort(),
    );
    expect(res.body.message).toContain(`Space LOTS has ${expected.length} pages.`);
    // The space lookup, then two pages of at most 25.
    expect((await counters()).apiCalls - before.apiCalls).toBe(3);
  });

  it('honours Retry-After on a 429 and completes', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['list-spaces']);
    await authProfiles.connectApp(appId, developer);
    await authProfiles.oauth.admin('/admin/faults', {
      target: 'api',
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    const before = await counters();
    const res = await api.run(dialogIds['list-spaces'], 'u', {});
    expect(res.body.status).toBe('completed');
    const after = await counters();
    expect(after.faultsServed - before.faultsServed).toBe(1);
    expect(after.apiCalls - before.apiCalls).toBe(2);
  });

  it('an expired token is re-resolved (refreshed) once and the run completes', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content']);
    const connection = await authProfiles.connectApp(appId, developer);
    await authProfiles.oauth.admin('/admin/tokens/expire', { accessToken: connection.tokens.access_token });
    const before = await counters();
    const res = await api.run(dialogIds['create-content'], 'u', pageInputs('After refresh'));
    expect(res.body).toMatchObject({ status: 'completed', output: { title: 'After refresh' } });
    const calls = authProfiles.callsFor(appId);
    expect(calls.map((c) => c.body.forceRefresh ?? false)).toEqual([false, true]);
    expect((await counters()).refreshTokenGrants - before.refreshTokenGrants).toBe(1);
  });

  it('a token that keeps failing is refreshed only once, then the run fails with an error id', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['list-spaces']);
    await authProfiles.connectApp(appId, developer);
    // Both the token and its refreshed successor are refused (the grant's account no longer reaches the site).
    const connection = authProfiles.connection(appId, { type: 'app' })!;
    connection.cloudId = randomUUID();
    const res = await api.run(dialogIds['list-spaces'], 'u', {});
    expect(res.body).toMatchObject({
      status: 'failed',
      message: 'Something went wrong',
      errorId: expect.any(String),
    });
    expect(authProfiles.callsFor(appId)).toHaveLength(2);
    expect(logOf(res.body.errorId)).toMatchObject({ reason: expect.stringContaining('after one refresh') });
  });

  it('a missing scope is not retried: failed with an error id, and the log says why', async () => {
    const { appId, dialogIds, api } = await appWith('pre-authorize', ['create-content']);
    await authProfiles.connectApp(
      appId,
      developer,
      CONFLUENCE_SCOPES.filter((s) => s !== 'write:page:confluence'),
    );
    const before = await counters();
    const res = await api.run(dialogIds['create-content'], 'u', pageInputs('No scope'));
    expect(res.body).toEqual({
      status: 'failed',
      runId: expect.any(String),
      message: 'Something went wrong',
      errorId: expect.any(String),
    });
    // Site, space, one refused create; no re-resolve, no refresh.
    expect((await counters()).apiCalls - before.apiCalls).toBe(3);
    expect(authProfiles.callsFor(appId)).toHaveLength(1);
    expect((await counters()).refreshTokenGrants).toBe(before.refreshTokenGrants);
    expect(logOf(res.body.errorId)).toMatchObject({
      msg: 'dialog run failed',
      reason: expect.stringContaining('scope_missing'),
    });
    expect(JSON.stringify(dialogs.logs)).not.toContain(
      authProfiles.connection(appId, { type: 'app' })!.tokens.access_token,
    );
    const [run] = await db.query('SELECT status, reason FROM dialogs.dialog_run WHERE error_id = $1', [
      res.body.errorId,
    ]);
    expect(run).toMatchObject({ status: 'failed', reason: expect.stringContaining('scope does not match') });
  });

  it('a disabled action does not call the integration', async () => {
    const { appId, configurationId, dialogIds, api } = await appWith('pre-authorize', ['list-spaces']);
    await authProfiles.connectApp(appId, developer);
    await events.send(actionDisabled(appId, configurationId));
    await waitFor(
      'the disable',
      () => db.query('SELECT enabled FROM dialogs.action_configuration WHERE app_id = $1', [appId]),
      (rows: { enabled: boolean }[]) => rows[0]?.enabled === false,
    );
    const before = await counters();
    const res = await api.run(dialogIds['list-spaces'], 'u', {});
    expect(res.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect((await counters()).apiCalls).toBe(before.apiCalls);
    expect(authProfiles.callsFor(appId)).toHaveLength(0);
    expect(logOf(res.body.errorId)).toMatchObject({ reason: expect.stringContaining('disabled') });
  });

  it('a pre-authorized app without a connection fails with an error id', async () => {
    const { dialogIds, api } = await appWith('pre-authorize', ['list-spaces']);
    const res = await api.run(dialogIds['list-spaces'], 'u', {});
    expect(res.body).toMatchObject({ status: 'failed', errorId: expect.any(String) });
    expect(logOf(res.body.errorId)).toMatchObject({ reason: expect.stringContaining('no connection') });
  });

  /** A space of its own, so the list has a known size. */
  async function sandboxSpace(key: string) {
    const { createSpace } = await import('@actionhub/atlassian-sandbox');
    const site = [...sandbox().sites.values()].find((s) => s.name === 'acme')!;
    const author = [...sandbox().users.values()].find((u) => u.email === developer)!;
    createSpace(sandbox(), { cloudId: site.cloudId, key, name: key, authorId: author.accountId });
  }
});
