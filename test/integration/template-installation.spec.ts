import { createEvent, DialogTaskCreatedV1, DialogTaskCreationFailedV1 } from '@actionhub/contracts';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { ApiClient } from '../../apps/action-config/test/integration/support/api-client';
import { templateUninstalled } from '../../apps/dialogs/test/integration/support/kafka-events';
import { App, brokenTemplate, TemplateInstallationFixture } from './template-installation.fixture';

// Step 2 of the seed across template-installer and dialogs on one topic prefix: an install is
// recorded with TemplateInstalled in its outbox, dialogs builds the dialog task once and answers
// DialogTaskCreated (or DialogTaskCreationFailed), and the installation follows, whatever Kafka
// redelivers or duplicates.
const fixture = new TemplateInstallationFixture();

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

const configuredApp = async (): Promise<App> => {
  const app = await fixture.newApp();
  await fixture.configure(app);
  return app;
};

/** Installs a template and waits until dialogs' answer made it `installed`. */
async function installed(app: App, templateKey = 'create-content') {
  const answer = await fixture.install(app, templateKey);
  expect(answer.status).toBe(202);
  return fixture.waitForStatus(app, answer.body.installationId, 'installed');
}

describe('installing a template', () => {
  it('answers 202 installing, then the installation is installed with the dialog task on the Dialogs page', async () => {
    const app = await configuredApp();
    const answer = await fixture.install(app, 'create-content');
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ installationId: expect.any(String), status: 'installing' });
    const { installationId } = answer.body;

    const installation = await fixture.waitForStatus(app, installationId, 'installed');
    expect(installation).toEqual({
      installationId,
      actionKey: 'confluence',
      templateKey: 'create-content',
      templateVersion: expect.any(Number),
      status: 'installed',
      dialogId: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [event] = await fixture.waitForPublished('TemplateInstalled', installationId);
    expect(event.payload).toMatchObject({
      installationId,
      actionKey: 'confluence',
      templateKey: 'create-content',
      templateVersion: installation.templateVersion,
      dialog: { name: expect.any(String), nodes: expect.any(Array) },
    });
    const [created] = await fixture.waitForPublished('DialogTaskCreated', installationId);
    expect(created.payload.dialogId).toBe(installation.dialogId);

    expect(await fixture.dialogTasks(app)).toEqual([
      expect.objectContaining({
        dialogId: installation.dialogId,
        installationId,
        actionKey: 'confluence',
        templateKey: 'create-content',
      }),
    ]);
    const list = await fixture.templates(app);
    expect(list.find((t) => t.templateKey === 'create-content')).toEqual({
      templateKey: 'create-content',
      name: 'Create Content',
      description: expect.any(String),
      method: 'POST',
      installed: true,
      installation,
    });
    expect(list.find((t) => t.templateKey === 'get-content')).toMatchObject({ installed: false });
    expect(list.find((t) => t.templateKey === 'get-content')).not.toHaveProperty('installation');
  });

  it('answers 409 already_installed for a second install, also while the first is installing', async () => {
    const app = await configuredApp();
    // Concurrent installs: the unique index lets exactly one through.
    const answers = await Promise.all(Array.from({ length: 5 }, () => fixture.install(app, 'list-pages')));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.code).toBe('already_installed');

    const first = answers.find((a) => a.status === 202)!.body.installationId;
    await fixture.waitForStatus(app, first, 'installed');
    expect((await fixture.install(app, 'list-pages')).body.code).toBe('already_installed');
    const outbox = await fixture.db.query(
      "SELECT count(*)::int AS n FROM template_installer.outbox_event WHERE event_type = 'TemplateInstalled' AND value LIKE $1",
      [`%${app.appId}%`],
    );
    expect(outbox[0].n).toBe(1);
    expect(await fixture.dialogTasks(app)).toHaveLength(1);
  });

  it('needs a configured action, a known action and template, and the app in the token', async () => {
    const app = await fixture.newApp();
    const notConfigured = await fixture.install(app, 'create-content');
    expect(notConfigured.status).toBe(409);
    expect(notConfigured.body.code).toBe('action_not_configured');

    await fixture.configure(app);
    const unknownTemplate = await fixture.install(app, 'no-such-template');
    expect(unknownTemplate.status).toBe(404);
    expect(unknownTemplate.body.code).toBe('template_not_found');
    const unknownAction = await app.api.post(
      `/v1/apps/${app.appId}/actions/nope/templates/create-content/installations`,
    );
    expect(unknownAction.body.code).toBe('action_not_found');

    const { installationId } = await installed(app, 'list-spaces');
    const stranger = await ApiClient.forApp(fixture.templateInstaller!.url, randomUUID());
    expect((await stranger.get(`/v1/apps/${app.appId}/installations/${installationId}`)).status).toBe(404);
    expect((await stranger.delete(`/v1/apps/${app.appId}/installations/${installationId}`)).status).toBe(404);
    const unknown = await app.api.get(`/v1/apps/${app.appId}/installations/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('installation_not_found');
    expect((await app.api.get(`/v1/apps/${app.appId}/installations/not-a-uuid`)).status).toBe(400);
    expect((await fixture.installation(app, installationId)).status).toBe('installed');
  });
});

describe('redelivered and duplicated events', () => {
  it('change nothing: one dialog task, one DialogTaskCreated, the same dialogId', async () => {
    const app = await configuredApp();
    const installation = await installed(app, 'get-content');
    const { installationId, dialogId } = installation;

    // The very same records again (a consumer that crashed before committing its offset)...
    const [created] = await fixture.waitForPublished('DialogTaskCreated', installationId);
    await fixture.waitForPublished('TemplateInstalled', installationId);
    const installedRecords = fixture.records('TemplateInstalled', installationId);
    const createdRecords = fixture.records('DialogTaskCreated', installationId);
    await fixture.resend(...installedRecords, ...installedRecords, ...createdRecords, ...createdRecords);
    // ...and the same facts as new events: another dialog id, a late failure for it.
    const otherDialog = createEvent(DialogTaskCreatedV1, {
      appId: app.appId,
      correlationId: randomUUID(),
      payload: { ...created.payload, dialogId: randomUUID() },
    });
    const lateFailure = createEvent(DialogTaskCreationFailedV1, {
      appId: app.appId,
      correlationId: randomUUID(),
      payload: { installationId, actionKey: 'confluence', templateKey: 'get-content', reason: 'late' },
    });
    // Same key, so each consumer handles them after the resent records.
    const marker = templateUninstalled(app.appId, randomUUID(), 'get-content');
    await fixture.events.send(otherDialog, lateFailure, marker);
    await fixture.consumed([otherDialog.eventId, lateFailure.eventId]);
    await fixture.consumedByDialogs([marker.eventId]);

    expect(await fixture.installation(app, installationId)).toEqual(installation);
    expect(await fixture.dialogTasks(app)).toEqual([expect.objectContaining({ dialogId, installationId })]);
    // dialogs wrote no second DialogTaskCreated: its outbox holds the one we resent.
    const outbox = await fixture.dialogsDb.query(
      "SELECT count(*)::int AS n FROM dialogs.outbox_event WHERE event_type = 'DialogTaskCreated' AND value LIKE $1",
      [`%${installationId}%`],
    );
    expect(outbox[0].n).toBe(1);
  });
});

describe('a definition that cannot be built', () => {
  it('makes the installation failed with dialogs’ reason, and the template can be installed again', async () => {
    const app = await configuredApp();
    const answer = await fixture.install(app, brokenTemplate.key);
    expect(answer.status).toBe(202);
    const failed = await fixture.waitForStatus(app, answer.body.installationId, 'failed');
    expect(failed.error).toContain('"orphan" cannot be reached');
    expect(failed).not.toHaveProperty('dialogId');
    const [failure] = await fixture.waitForPublished('DialogTaskCreationFailed', answer.body.installationId);
    expect(failure.payload.reason).toBe(failed.error);
    expect(await fixture.dialogTasks(app)).toEqual([]);

    // Redelivered, the failure changes nothing; a failed installation does not hold the template.
    await fixture.resend(...fixture.records('DialogTaskCreationFailed', answer.body.installationId));
    const again = await fixture.install(app, brokenTemplate.key);
    expect(again.status).toBe(202);
    expect(again.body.installationId).not.toBe(answer.body.installationId);
    await fixture.waitForStatus(app, again.body.installationId, 'failed');
    expect(await fixture.installation(app, answer.body.installationId)).toEqual(failed);
  });

  it('turns an installing installation failed when dialogs says so, and only that one', async () => {
    const app = await configuredApp();
    // dialogs is the one who says; here it is a record produced as dialogs would, for an
    // installation dialogs has not answered yet (stopped), so the real answer cannot race it.
    await fixture.stopDialogs();
    try {
      const answer = await fixture.install(app, 'list-blog-posts');
      const { installationId } = answer.body;
      const failure = createEvent(DialogTaskCreationFailedV1, {
        appId: app.appId,
        correlationId: randomUUID(),
        payload: {
          installationId,
          actionKey: 'confluence',
          templateKey: 'list-blog-posts',
          reason: 'no way',
        },
      });
      const strangerFailure = createEvent(DialogTaskCreationFailedV1, {
        appId: randomUUID(),
        correlationId: randomUUID(),
        payload: {
          installationId,
          actionKey: 'confluence',
          templateKey: 'list-blog-posts',
          reason: 'spoofed',
        },
      });
      await fixture.events.send(strangerFailure);
      await fixture.consumed([strangerFailure.eventId]);
      expect((await fixture.installation(app, installationId)).status).toBe('installing');
      await fixture.events.send(failure, failure);
      await fixture.consumed([failure.eventId]);
      expect(await fixture.installation(app, installationId)).toMatchObject({
        status: 'failed',
        error: 'no way',
      });
    } finally {
      await fixture.startDialogs();
    }
  });
});

describe('uninstalling', () => {
  it('answers 202, removes the dialog task, and the template can be installed again', async () => {
    const app = await configuredApp();
    const first = await installed(app);
    const path = `/v1/apps/${app.appId}/installations/${first.installationId}`;

    const answer = await app.api.delete(path);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ installationId: first.installationId, status: 'uninstalled' });
    expect((await fixture.installation(app, first.installationId)).status).toBe('uninstalled');
    const [deleted] = await fixture.waitForPublished('DialogTaskDeleted', first.installationId);
    expect(deleted.payload.dialogId).toBe(first.dialogId);
    await waitFor(
      'the dialog task gone',
      () => fixture.dialogTasks(app),
      (items) => items.length === 0,
    );
    expect((await fixture.templates(app)).find((t) => t.templateKey === 'create-content')).toMatchObject({
      installed: false,
    });

    // Twice is fine and asks nothing more of dialogs.
    expect((await app.api.delete(path)).status).toBe(202);
    const second = await installed(app);
    expect(second.dialogId).not.toBe(first.dialogId);
    const uninstalls = await fixture.db.query(
      "SELECT count(*)::int AS n FROM template_installer.outbox_event WHERE event_type = 'TemplateUninstalled' AND value LIKE $1",
      [`%${first.installationId}%`],
    );
    expect(uninstalls[0].n).toBe(1);
    expect(await fixture.dialogTasks(app)).toEqual([
      expect.objectContaining({ dialogId: second.dialogId, installationId: second.installationId }),
    ]);
    expect((await fixture.templates(app)).find((t) => t.templateKey === 'create-content')).toMatchObject({
      installed: true,
      installation: { installationId: second.installationId, status: 'installed' },
    });
  });

  it('right after installing leaves no dialog task, and the late DialogTaskCreated does not revive it', async () => {
    const app = await configuredApp();
    const { installationId } = (await fixture.install(app, 'list-spaces')).body;
    expect((await app.api.delete(`/v1/apps/${app.appId}/installations/${installationId}`)).status).toBe(202);

    const [created] = await fixture.waitForPublished('DialogTaskCreated', installationId);
    await fixture.waitForPublished('DialogTaskDeleted', installationId);
    await fixture.consumed([created.eventId]);
    expect(await fixture.installation(app, installationId)).toMatchObject({
      status: 'uninstalled',
      dialogId: created.payload.dialogId,
    });
    await waitFor(
      'no dialog task',
      () => fixture.dialogTasks(app),
      (items) => items.length === 0,
    );
  });
});

describe('ActionDeleted', () => {
  it("uninstalls the action's installations and removes their dialog tasks", async () => {
    const app = await configuredApp();
    const a = await installed(app, 'create-content');
    const b = await installed(app, 'list-spaces');
    expect(await fixture.dialogTasks(app)).toHaveLength(2);

    await fixture.deleteAction(app);
    for (const i of [a, b])
      expect((await fixture.installation(app, i.installationId)).status).toBe('uninstalled');
    await waitFor(
      'the dialog tasks gone',
      () => fixture.dialogTasks(app),
      (items) => items.length === 0,
    );
    expect((await fixture.install(app, 'create-content')).body.code).toBe('action_not_configured');

    // Configured again: a clean template list, and installs work.
    await fixture.configure(app);
    expect((await fixture.templates(app)).every((t) => t.installed === false && !t.installation)).toBe(true);
    await installed(app, 'create-content');
    expect(await fixture.dialogTasks(app)).toHaveLength(1);
  });
});
