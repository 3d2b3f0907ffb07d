import { EventEnvelope } from '@actionhub/contracts';
import { randomUUID } from 'node:crypto';
import {
  actionConfigured,
  actionDeleted,
  actionDisabled,
  actionEnabled,
  asNewEvent,
  templateInstalled,
  templateUninstalled,
} from '../../apps/dialogs/test/integration/support/kafka-events';
import { DialogsApi } from '../../apps/dialogs/test/integration/support/dialogs-service';
import { App, TemplateInstallationFixture } from './template-installation.fixture';

// Events that come back late (a dead letter replayed, a reset offset, a duplicate produced as a
// new event) change nothing, by design: dialogs keeps a tombstone of every uninstalled
// installation, both services remember deleted configurations, and action-config's events carry
// a per-configuration sequence that each view only lets rise. template-installer and dialogs run
// on one topic prefix; the test stands in for action-config.
const fixture = new TemplateInstallationFixture();

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

/** Sends events and waits until both services' consumers have handled (or skipped) them. */
async function deliver(...events: EventEnvelope[]): Promise<void> {
  await fixture.events.send(...events);
  const ids = events.map((e) => e.eventId);
  const forTemplateInstaller = events.filter((e) => !e.type.startsWith('Template')).map((e) => e.eventId);
  await fixture.consumedByDialogs(ids);
  if (forTemplateInstaller.length > 0) await fixture.consumed(forTemplateInstaller);
}

interface Views {
  templateInstaller: { configuration_id: string; status: string; sequence: number } | null;
  dialogs: {
    configuration_id: string;
    enabled: boolean;
    authorization_type: string;
    sequence: number;
  } | null;
}

async function views(app: App): Promise<Views> {
  const [ti] = await fixture.db.query(
    'SELECT configuration_id, status, sequence FROM template_installer.configured_action WHERE app_id = $1',
    [app.appId],
  );
  const [d] = await fixture.dialogsDb.query(
    'SELECT configuration_id, enabled, authorization_type, sequence FROM dialogs.action_configuration WHERE app_id = $1',
    [app.appId],
  );
  return { templateInstaller: ti ?? null, dialogs: d ?? null };
}

/** The service types of a dialog task's service nodes, as the Dialogs page shows them. */
async function serviceTypes(app: App, dialogId: string): Promise<string[]> {
  const task = await (await DialogsApi.forApp(fixture.dialogs!.url, app.appId)).get(`/dialogs/${dialogId}`);
  return task.body.nodes
    .filter((n: { kind: string }) => n.kind === 'service')
    .map((n: { serviceType: string }) => n.serviceType);
}

async function installedTemplate(app: App, templateKey = 'create-content') {
  const answer = await fixture.install(app, templateKey);
  expect(answer.status).toBe(202);
  return fixture.waitForStatus(app, answer.body.installationId, 'installed');
}

describe('a TemplateInstalled that comes back after its uninstall', () => {
  it('leaves no dialog task when the original record is replayed, with its own eventId or a new one', async () => {
    const app = await fixture.newApp();
    await fixture.configure(app);
    const installation = await installedTemplate(app);
    const { installationId } = installation;
    expect((await app.api.delete(`/v1/apps/${app.appId}/installations/${installationId}`)).status).toBe(202);
    await fixture.waitForPublished('DialogTaskDeleted', installationId);
    expect(await fixture.dialogTasks(app)).toEqual([]);

    // The very record template-installer published, produced again as a new Kafka message...
    const [original] = fixture.records('TemplateInstalled', installationId);
    const sameEvent = JSON.parse(original!.value!) as EventEnvelope;
    await fixture.resend(original!);
    // ...and once more with a new eventId, which the inbox cannot recognise.
    const renamed = { ...sameEvent, eventId: randomUUID() };
    await fixture.resend({ ...original!, value: JSON.stringify(renamed) });
    await fixture.consumedByDialogs([renamed.eventId]);

    expect(await fixture.dialogTasks(app)).toEqual([]);
    expect(fixture.published('DialogTaskCreated', installationId)).toHaveLength(1);
    expect(fixture.published('DialogTaskCreationFailed', installationId)).toEqual([]);
    expect(await fixture.installation(app, installationId)).toMatchObject({ status: 'uninstalled' });
  });

  it('builds nothing when dialogs never handled it before the uninstall (parked, then replayed)', async () => {
    const app = await fixture.newApp();
    await fixture.configure(app);
    // dialogs sees the uninstall of an installation whose TemplateInstalled it never handled...
    const installed = templateInstalled(app.appId);
    const { installationId } = installed.payload;
    await deliver(templateUninstalled(app.appId, installationId));
    // ...and the TemplateInstalled only afterwards, as a replay from the dead-letter topic would.
    await deliver(installed, asNewEvent(installed));

    expect(await fixture.dialogTasks(app)).toEqual([]);
    const rows = await fixture.dialogsDb.query(
      'SELECT 1 FROM dialogs.dialog_task WHERE installation_id = $1',
      [installationId],
    );
    expect(rows).toEqual([]);
    expect(
      fixture.published(undefined, installationId).filter((e) => e.type.startsWith('DialogTask')),
    ).toEqual([]);
  });
});

describe('action-config events that come back late', () => {
  it('an ActionDisabled or ActionConfigured older than what a view holds changes nothing in either service', async () => {
    const app = await fixture.newApp();
    const configurationId = randomUUID();
    const configured = actionConfigured(app.appId, 'pre-authorize', { configurationId, sequence: 1 });
    const disabled = actionDisabled(app.appId, configurationId, 2);
    const enabled = actionEnabled(app.appId, configurationId, 3);
    await deliver(configured, disabled, enabled);
    const { dialogId } = await installedTemplate(app);
    const current = {
      templateInstaller: { configuration_id: configurationId, status: 'enabled', sequence: 3 },
      dialogs: {
        configuration_id: configurationId,
        enabled: true,
        authorization_type: 'pre-authorize',
        sequence: 3,
      },
    };
    expect(await views(app)).toEqual(current);

    // The disable and the first configuration replayed as new events, the latter with other settings.
    const staleConfigured = asNewEvent({
      ...configured,
      payload: { ...configured.payload, authorizationType: 'user-authorize' as const },
    });
    await deliver(asNewEvent(disabled), staleConfigured);
    expect(await views(app)).toEqual(current);
    expect(await serviceTypes(app, dialogId)).toEqual(['integration', 'integration', 'integration']);
    expect(await fixture.templates(app)).not.toHaveLength(0);

    // A newer one still applies: the views were not simply frozen.
    await deliver(actionDisabled(app.appId, configurationId, 4));
    expect(await views(app)).toEqual({
      templateInstaller: { ...current.templateInstaller, status: 'disabled', sequence: 4 },
      dialogs: { ...current.dialogs, enabled: false, sequence: 4 },
    });
    expect(await serviceTypes(app, dialogId)).toEqual(['custom', 'custom', 'custom']);
  });

  it('events of a deleted configuration bring nothing back, and a late ActionDeleted spares the next configuration', async () => {
    const app = await fixture.newApp();
    const first = actionConfigured(app.appId, 'pre-authorize', { sequence: 1 });
    const firstId = first.payload.configurationId;
    const deleted = actionDeleted(app.appId, firstId);
    await deliver(first, deleted);
    expect(await views(app)).toEqual({ templateInstaller: null, dialogs: null });

    // The deleted configuration's events, replayed: the action stays unconfigured everywhere.
    await deliver(asNewEvent(first), actionEnabled(app.appId, firstId, 2));
    expect(await views(app)).toEqual({ templateInstaller: null, dialogs: null });
    const templates = await app.api.get(`/v1/apps/${app.appId}/actions/confluence/templates`);
    expect(templates.status).toBe(409);
    expect(templates.body.code).toBe('action_not_configured');

    // A new configuration, a template installed under it, then the old ActionDeleted again.
    const second = actionConfigured(app.appId, 'user-authorize', { sequence: 1 });
    await deliver(second);
    const installation = await installedTemplate(app);
    await deliver(asNewEvent(deleted));
    expect(await fixture.installation(app, installation.installationId)).toMatchObject({
      status: 'installed',
    });
    expect((await fixture.dialogTasks(app)).map((t) => t.dialogId)).toEqual([installation.dialogId]);
    expect(await views(app)).toEqual({
      templateInstaller: { configuration_id: second.payload.configurationId, status: 'enabled', sequence: 1 },
      dialogs: {
        configuration_id: second.payload.configurationId,
        enabled: true,
        authorization_type: 'user-authorize',
        sequence: 1,
      },
    });
  });

  it('applies events from before sequences existed as they come, as before', async () => {
    const app = await fixture.newApp();
    const configured = actionConfigured(app.appId, 'pre-authorize');
    const { configurationId } = configured.payload;
    await deliver(configured, actionDisabled(app.appId, configurationId));
    expect((await views(app)).dialogs).toMatchObject({ enabled: false, sequence: 0 });
    await deliver(actionEnabled(app.appId, configurationId));
    expect(await views(app)).toMatchObject({
      templateInstaller: { status: 'enabled', sequence: 0 },
      dialogs: { enabled: true, sequence: 0 },
    });
  });
});
