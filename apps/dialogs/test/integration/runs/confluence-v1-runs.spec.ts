import {
  CONFLUENCE_SCOPES,
  Content,
  createContent,
  createSpace,
  spaceByKey,
} from '@actionhub/atlassian-sandbox';
import { uniqueTopicPrefix } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { AuthProfilesStandIn } from '../support/auth-profiles-stand-in';
import { dialogTasksReady } from '../support/dialog-tasks-ready';
import { DialogsApi, RunningDialogs, startDialogs } from '../support/dialogs-service';
import { actionConfigured, EventProducer, templateInstalled } from '../support/kafka-events';

// The two Confluence templates on REST v1 (add label, CQL search), run by dialogs against the
// sandbox: the connection resolves to the v2 base, and the v1 calls go to the same site's v1.
describe('Confluence REST v1 dialog runs', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  const authProfiles = new AuthProfilesStandIn();
  let dialogs: RunningDialogs;
  let db: DataSource;
  let cloudId: string;
  let siteUrl: string;
  let accountId: string;
  const developer = 'v1-dev@acme.test';
  const TEMPLATES = ['add-label', 'search-content'];

  beforeAll(async () => {
    await authProfiles.start();
    const user = await authProfiles.oauth.user(developer, 'acme');
    [cloudId, siteUrl, accountId] = [user.sites[0].cloudId, user.sites[0].url, user.accountId];
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
  const dev = () => spaceByKey(sandbox(), cloudId, 'DEV')!;
  const page = (title: string, space = dev(), body = `<p>${title}</p>`): Content =>
    createContent(sandbox(), {
      kind: 'page',
      space,
      title,
      status: 'current',
      parentId: space.homepageId,
      authorId: accountId,
      bodyStorage: body,
    });

  async function connectedApp(scopes = CONFLUENCE_SCOPES) {
    const appId = randomUUID();
    const installs = TEMPLATES.map((key) => templateInstalled(appId, key));
    await events.send(actionConfigured(appId, 'pre-authorize'), ...installs);
    const dialogIds = await dialogTasksReady(db, appId, installs);
    await authProfiles.connectApp(appId, developer, scopes);
    const api = await DialogsApi.forApp(dialogs.url, appId);
    return (key: string, inputs: Record<string, string>) => api.run(dialogIds[key], 'end-user-1', inputs);
  }

  it('add label: labels the page through v1, and says which labels it now has', async () => {
    const run = await connectedApp();
    const notes = page('Release notes');
    const before = (await counters()).apiCalls;
    const first = await run('add-label', { spaceKey: 'DEV', pageTitle: 'Release notes', label: 'Release' });
    expect(first.body).toMatchObject({
      status: 'completed',
      message: expect.stringContaining('"Release notes" now has the label release.'),
    });
    expect(first.body.links).toEqual([
      { label: 'View Content', url: `${siteUrl}/wiki/spaces/DEV/pages/${notes.id}/Release+notes` },
    ]);
    // The space and the page on v2, the label on v1.
    expect((await counters()).apiCalls - before).toBe(3);
    for (const label of ['q3', 'customer-facing', 'q3']) {
      await run('add-label', { spaceKey: 'DEV', pageTitle: 'Release notes', label });
    }
    expect(sandbox().contents.get(notes.id)?.labels).toEqual(['release', 'q3', 'customer-facing']);
    const fourth = await run('add-label', { spaceKey: 'DEV', pageTitle: 'Release notes', label: 'shipped' });
    expect(fourth.body.message).toContain(
      '"Release notes" now has 4 labels, among them release, q3 and customer-facing.',
    );
  });

  it('add label: a name Confluence refuses is answered, and the page keeps its labels', async () => {
    const run = await connectedApp();
    const plan = page('Plan with labels');
    const res = await run('add-label', {
      spaceKey: 'DEV',
      pageTitle: 'Plan with labels',
      label: 'two words',
    });
    expect(res.body).toMatchObject({
      status: 'completed',
      message: expect.stringContaining('Confluence did not accept the label "two words"'),
    });
    expect(sandbox().contents.get(plan.id)?.labels).toEqual([]);
  });

  it('add label: a page that is not there is answered without a label call', async () => {
    const run = await connectedApp();
    const before = (await counters()).apiCalls;
    const res = await run('add-label', { spaceKey: 'DEV', pageTitle: 'No such page', label: 'x' });
    expect(res.body.message).toBe('There is no page titled "No such page" in space DEV.');
    expect((await counters()).apiCalls - before).toBe(2);
  });

  it('add label: a connection consented without the label scopes fails, and is not retried', async () => {
    const run = await connectedApp(CONFLUENCE_SCOPES.filter((s) => s !== 'write:label:confluence'));
    const kept = page('Unlabelled');
    const before = await counters();
    const res = await run('add-label', { spaceKey: 'DEV', pageTitle: 'Unlabelled', label: 'nope' });
    expect(res.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect(dialogs.logs.find((l) => l.errorId === res.body.errorId)?.reason).toMatch(/scope_missing/);
    expect(sandbox().contents.get(kept.id)?.labels).toEqual([]);
    expect((await counters()).refreshTokenGrants).toBe(before.refreshTokenGrants);
  });

  it('search content: follows v1 next links over several pages, and answers the count and the first titles', async () => {
    const run = await connectedApp();
    const archive = createSpace(sandbox(), { cloudId, key: 'ARCH', name: 'Archive', authorId: accountId });
    const minutes = Array.from({ length: 60 }, (_, i) =>
      page(`Minutes ${String(i + 1).padStart(2, '0')}`, archive),
    );
    const before = (await counters()).apiCalls;
    const res = await run('search-content', { cql: 'space = ARCH AND title ~ minutes ORDER BY title' });
    expect(res.body).toMatchObject({
      status: 'completed',
      message: expect.stringContaining(
        '60 results match, the first being "Minutes 01", "Minutes 02" and "Minutes 03".',
      ),
    });
    expect(res.body.links).toEqual([
      { label: 'View Content', url: `${siteUrl}/wiki/spaces/ARCH/pages/${minutes[0].id}/Minutes+01` },
    ]);
    expect(res.body.output.results.map((r: { content: { id: string } }) => r.content.id)).toEqual(
      minutes.map((m) => m.id),
    );
    // 25 + 25 + 10: three pages.
    expect((await counters()).apiCalls - before).toBe(3);
  });

  it('search content: stops after four pages, still saying how many Confluence counts', async () => {
    const run = await connectedApp();
    const big = createSpace(sandbox(), { cloudId, key: 'BIG', name: 'Big', authorId: accountId });
    for (let i = 0; i < 110; i++) page(`Entry ${i}`, big);
    const before = (await counters()).apiCalls;
    const res = await run('search-content', { cql: 'space = BIG AND type = page' });
    expect(res.body.message).toContain(
      '111 results match, the first being "Big Home", "Entry 0" and "Entry 1".',
    );
    expect(res.body.output.results).toHaveLength(100);
    expect((await counters()).apiCalls - before).toBe(4);
  });

  it('search content: one, two and no results, each in its own words', async () => {
    const run = await connectedApp();
    page('Zebra crossing design', dev(), '<p>Stripes and lights.</p>');
    page('Zebra habitat notes');
    const one = await run('search-content', { cql: 'text ~ "stripes lights"' });
    expect(one.body.message).toContain('One result matches: "Zebra crossing design".');
    const two = await run('search-content', { cql: 'title ~ zebra ORDER BY title DESC' });
    expect(two.body.message).toContain('2 results match: "Zebra habitat notes" and "Zebra crossing design".');
    const none = await run('search-content', { cql: 'title ~ unicorn' });
    expect(none.body).toMatchObject({
      status: 'completed',
      message: 'No Confluence content matches title ~ unicorn.',
    });
  });

  it('search content: CQL Confluence cannot run is answered, not failed', async () => {
    const run = await connectedApp();
    for (const cql of ['title ~ ', 'type = page OR type = blogpost']) {
      const res = await run('search-content', { cql });
      expect(res.body).toMatchObject({
        status: 'completed',
        message: `Confluence could not run the CQL query ${cql}. Check its syntax and field names, then ask again.`,
      });
    }
  });

  it('search content: a connection consented without search:confluence fails with scope_missing', async () => {
    const run = await connectedApp(CONFLUENCE_SCOPES.filter((s) => s !== 'search:confluence'));
    const res = await run('search-content', { cql: 'type = page' });
    expect(res.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect(dialogs.logs.find((l) => l.errorId === res.body.errorId)?.reason).toMatch(/scope_missing/);
  });
});
