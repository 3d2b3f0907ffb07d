import { CONFLUENCE_SCOPES, Content, createContent, spaceByKey } from '@actionhub/atlassian-sandbox';
import { uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { AuthProfilesStandIn } from '../support/auth-profiles-stand-in';
import { dialogTasksReady } from '../support/dialog-tasks-ready';
import { DialogsApi, RunningDialogs, startDialogs } from '../support/dialogs-service';
import { actionConfigured, EventProducer, templateInstalled } from '../support/kafka-events';

// The Confluence page templates (update, delete, footer comment, children) run by dialogs against
// the real sandbox, whose REST v2 document validates every call.
describe('Confluence page dialog runs', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  const authProfiles = new AuthProfilesStandIn();
  let dialogs: RunningDialogs;
  let db: DataSource;
  let cloudId: string;
  let siteUrl: string;
  let accountId: string;
  const developer = 'pages-dev@acme.test';
  const TEMPLATES = ['update-page', 'delete-page', 'add-footer-comment', 'list-page-children'];

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
  const page = (title: string, parentId: string | null = dev().homepageId): Content =>
    createContent(sandbox(), {
      kind: 'page',
      space: dev(),
      title,
      status: 'current',
      parentId,
      authorId: accountId,
      bodyStorage: `<p>${title}, first version</p>`,
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

  it('update page: saves the version read plus one, and links to the page', async () => {
    const run = await connectedApp();
    const plan = page('Roadmap');
    const res = await run('update-page', {
      spaceKey: 'DEV',
      pageTitle: 'Roadmap',
      pageBody: '<p>Q3 plan</p>',
    });
    expect(res.body).toMatchObject({ status: 'completed', message: expect.stringContaining('to version 2') });
    expect(sandbox().contents.get(plan.id)).toMatchObject({
      version: 2,
      bodyStorage: '<p>Q3 plan</p>',
      versionMessage: 'Updated from the assistant',
    });
    expect(res.body.links).toEqual([
      { label: 'View Content', url: `${siteUrl}/wiki/spaces/DEV/pages/${plan.id}/Roadmap` },
    ]);
    const again = await run('update-page', { spaceKey: 'DEV', pageTitle: 'Roadmap', pageBody: '<p>Q4</p>' });
    expect(again.body.status).toBe('completed');
    expect(sandbox().contents.get(plan.id)?.version).toBe(3);
  });

  it('update page: a save by someone else between the read and the write is answered, not overwritten', async () => {
    const run = await connectedApp();
    const contested = page('Contested');
    // The two reads pass at once; the write waits, and meanwhile another editor saves version 2.
    await authProfiles.oauth.admin('/admin/faults', { target: 'api', delayMs: 1, count: 2 });
    await authProfiles.oauth.admin('/admin/faults', { target: 'api', delayMs: 3000 });
    const running = run('update-page', {
      spaceKey: 'DEV',
      pageTitle: 'Contested',
      pageBody: '<p>Mine</p>',
    });
    await waitFor(
      'the write held by its delay',
      () => sandbox().faults.length,
      (n) => n === 0,
      {
        intervalMs: 10,
      },
    );
    Object.assign(contested, { version: 2, bodyStorage: '<p>Theirs</p>' });
    const res = await running;
    expect(res.body).toMatchObject({
      status: 'completed',
      message:
        'The page "Contested" was changed by someone else meanwhile, so it was not updated. Ask again to update its latest version.',
    });
    expect(sandbox().contents.get(contested.id)).toMatchObject({ version: 2, bodyStorage: '<p>Theirs</p>' });

    const retried = await run('update-page', {
      spaceKey: 'DEV',
      pageTitle: 'Contested',
      pageBody: '<p>Mine</p>',
    });
    expect(retried.body.message).toContain('to version 3');
    expect(sandbox().contents.get(contested.id)?.bodyStorage).toBe('<p>Mine</p>');
  });

  it('update page: a page that is not there is answered without a write', async () => {
    const run = await connectedApp();
    const before = (await counters()).apiCalls;
    const res = await run('update-page', { spaceKey: 'DEV', pageTitle: 'No such page', pageBody: '<p/>' });
    expect(res.body).toMatchObject({
      status: 'completed',
      message: 'There is no page titled "No such page" in space DEV.',
    });
    expect((await counters()).apiCalls - before).toBe(2);
  });

  it('delete page: moves it to the trash; a second run no longer finds it', async () => {
    const run = await connectedApp();
    const doomed = page('Old notes');
    const child = page('Old notes, part 2', doomed.id);
    const res = await run('delete-page', { spaceKey: 'DEV', pageTitle: 'Old notes' });
    expect(res.body).toMatchObject({
      status: 'completed',
      message: 'Moved "Old notes" to the trash of space DEV.',
    });
    expect(sandbox().contents.get(doomed.id)?.status).toBe('trashed');
    expect(sandbox().contents.get(child.id)).toMatchObject({ status: 'current', parentId: dev().homepageId });
    const again = await run('delete-page', { spaceKey: 'DEV', pageTitle: 'Old notes' });
    expect(again.body.message).toBe('There is no page titled "Old notes" in space DEV.');
  });

  it('delete page: a connection consented without delete:page:confluence fails, and is not retried', async () => {
    const run = await connectedApp(CONFLUENCE_SCOPES.filter((s) => s !== 'delete:page:confluence'));
    const kept = page('Kept');
    const before = await counters();
    const res = await run('delete-page', { spaceKey: 'DEV', pageTitle: 'Kept' });
    expect(res.body).toMatchObject({ status: 'failed', message: 'Something went wrong' });
    expect(dialogs.logs.find((l) => l.errorId === res.body.errorId)?.reason).toMatch(/scope_missing/);
    expect(sandbox().contents.get(kept.id)?.status).toBe('current');
    expect((await counters()).refreshTokenGrants).toBe(before.refreshTokenGrants);
  });

  it('add footer comment: the comment is on the page, with a link to it', async () => {
    const run = await connectedApp();
    const spec = page('Design spec');
    const res = await run('add-footer-comment', {
      spaceKey: 'DEV',
      pageTitle: 'Design spec',
      commentBody: '<p>Approved</p>',
    });
    expect(res.body).toMatchObject({ status: 'completed', message: expect.stringContaining('Commented on') });
    const comments = [...sandbox().footerComments.values()].filter((c) => c.contentId === spec.id);
    expect(comments).toEqual([
      expect.objectContaining({ bodyStorage: '<p>Approved</p>', authorId: accountId }),
    ]);
    expect(res.body.links[0].url).toBe(
      `${siteUrl}/wiki/spaces/DEV/pages/${spec.id}/Design+spec?focusedCommentId=${comments[0].id}`,
    );
  });

  it('list page children: gathers every page of children (two pages of 25), and says when there are none', async () => {
    const run = await connectedApp();
    const handbook = page('Handbook');
    const chapters = Array.from({ length: 30 }, (_, i) => page(`Chapter ${i + 1}`, handbook.id));
    page('Section 1.1', chapters[0].id);
    const before = (await counters()).apiCalls;
    const res = await run('list-page-children', { spaceKey: 'DEV', pageTitle: 'Handbook' });
    expect(res.body).toMatchObject({
      status: 'completed',
      message: '"Handbook" has 30 child pages, the first being "Chapter 1".',
    });
    expect(res.body.output.results.map((c: { id: string }) => c.id)).toEqual(chapters.map((c) => c.id));
    // The space, the page, then the children in two pages.
    expect((await counters()).apiCalls - before).toBe(4);
    const leaf = await run('list-page-children', { spaceKey: 'DEV', pageTitle: 'Chapter 2' });
    expect(leaf.body.message).toBe('"Chapter 2" has no child pages.');
  });
});
