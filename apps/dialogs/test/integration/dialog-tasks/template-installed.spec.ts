import { findTemplate } from '@actionhub/providers';
import { KafkaProbe, uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { DialogsApi, RunningDialogs, startDialogs } from '../support/dialogs-service';
import {
  actionConfigured,
  actionDisabled,
  actionEnabled,
  EventProducer,
  templateInstalled,
  templateUninstalled,
} from '../support/kafka-events';

interface Published {
  eventId: string;
  type: string;
  appId: string;
  causationId: string;
  payload: { installationId: string; dialogId?: string; reason?: string; templateKey: string };
}

describe('dialog tasks from TemplateInstalled', () => {
  const prefix = uniqueTopicPrefix();
  const events = new EventProducer(prefix);
  let dialogs: RunningDialogs;
  let probe: KafkaProbe;
  let db: DataSource;

  beforeAll(async () => {
    dialogs = await startDialogs({ KAFKA_TOPIC_PREFIX: prefix });
    probe = await events.probe();
    db = createDataSource(process.env.DATABASE_URL!);
    await db.initialize();
  });

  afterAll(async () => {
    await probe?.stop();
    await events.close();
    await dialogs?.close();
    await db?.destroy();
  });

  const published = (installationId: string, type?: string) =>
    probe
      .parsedValues<Published>()
      .filter((e) => e.payload.installationId === installationId && (!type || e.type === type));

  const tasksOf = async (installationId: string) =>
    (await db.query('SELECT dialog_id FROM dialogs.dialog_task WHERE installation_id = $1', [
      installationId,
    ])) as {
      dialog_id: string;
    }[];

  /** Events of one app and action share a partition: once a later one is handled, the earlier ones were. */
  const settle = async (appId: string) => {
    const sentinel = templateInstalled(appId, 'list-spaces');
    await events.send(sentinel);
    await waitFor(
      'the sentinel installation',
      () => published(sentinel.payload.installationId),
      (l) => l.length > 0,
    );
  };

  it('creates the dialog task once under redelivery and duplicates, and publishes DialogTaskCreated once', async () => {
    const appId = randomUUID();
    const installed = templateInstalled(appId);
    const { installationId } = installed.payload;
    // The same envelope three times (redelivery), and a second envelope for the same installation.
    const duplicate = templateInstalled(appId, 'create-content', installationId);
    await events.send(installed, installed, duplicate, installed);
    await settle(appId);

    const tasks = await tasksOf(installationId);
    expect(tasks).toHaveLength(1);
    const created = published(installationId, 'DialogTaskCreated');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      appId,
      causationId: installed.eventId,
      payload: {
        installationId,
        dialogId: tasks[0].dialog_id,
        actionKey: 'confluence',
        templateKey: 'create-content',
      },
    });

    const api = await DialogsApi.forApp(dialogs.url, appId);
    const page = await api.dialogs();
    expect(page.status).toBe(200);
    expect(page.body.items).toContainEqual(
      expect.objectContaining({
        dialogId: tasks[0].dialog_id,
        name: 'Create Confluence content',
        actionKey: 'confluence',
        templateKey: 'create-content',
        installationId,
      }),
    );
    expect(page.body.nextCursor).toBeNull();
    const task = await api.get(`/dialogs/${tasks[0].dialog_id}`);
    expect(task.status).toBe(200);
    expect(task.body.nodes.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['intent', 'entity', 'service', 'message']),
    );
    expect(task.body.edges.length).toBeGreaterThan(0);
    expect(task.body.entities.map((e: { name: string }) => e.name)).toEqual([
      'contentType',
      'spaceKey',
      'contentTitle',
      'contentBody',
    ]);
  });

  it('answers 404 for a dialog of another app or an unknown id', async () => {
    const owner = randomUUID();
    const installed = templateInstalled(owner);
    await events.send(installed);
    await waitFor(
      'the task',
      () => published(installed.payload.installationId, 'DialogTaskCreated'),
      (l) => l.length > 0,
    );
    const dialogId = published(installed.payload.installationId)[0].payload.dialogId!;
    const stranger = await DialogsApi.forApp(dialogs.url, randomUUID());
    expect((await stranger.get(`/dialogs/${dialogId}`)).body).toMatchObject({
      status: 404,
      code: 'dialog_not_found',
    });
    const api = await DialogsApi.forApp(dialogs.url, owner);
    expect((await api.get('/dialogs/not-a-uuid')).status).toBe(404);
    expect((await api.post(`/dialogs/${randomUUID()}/runs`, { endUserId: 'u', inputs: {} })).body.code).toBe(
      'dialog_not_found',
    );
    expect((await api.post(`/dialogs/${dialogId}/runs`, { inputs: {} })).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('answers DialogTaskCreationFailed with a reason when the definition cannot be built, once', async () => {
    const appId = randomUUID();
    const dialog = findTemplate('confluence', 'create-content')!.dialog;
    const broken = {
      ...dialog,
      nodes: dialog.nodes.map((n) =>
        n.id === 'contentCreated' ? { ...n, template: 'Done: {{nowhere.title}}' } : n,
      ),
    };
    const installed = templateInstalled(appId, 'create-content', randomUUID(), broken);
    const { installationId } = installed.payload;
    await events.send(installed, templateInstalled(appId, 'create-content', installationId, broken));
    await settle(appId);

    expect(await tasksOf(installationId)).toHaveLength(0);
    const failed = published(installationId);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: 'DialogTaskCreationFailed',
      payload: { installationId, reason: expect.stringContaining('no service node stores "nowhere"') },
    });
  });

  it('removes the dialog task on TemplateUninstalled and publishes DialogTaskDeleted once', async () => {
    const appId = randomUUID();
    const installed = templateInstalled(appId);
    const { installationId } = installed.payload;
    await events.send(installed);
    await waitFor(
      'the task',
      () => published(installationId, 'DialogTaskCreated'),
      (l) => l.length > 0,
    );
    const uninstalled = templateUninstalled(appId, installationId);
    await events.send(uninstalled, uninstalled, templateUninstalled(appId, installationId));
    // A late duplicate of the install must not bring the task back.
    await events.send(templateInstalled(appId, 'create-content', installationId));
    await settle(appId);

    const deleted = published(installationId, 'DialogTaskDeleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0].payload.dialogId).toBe(
      published(installationId, 'DialogTaskCreated')[0].payload.dialogId,
    );
    expect(published(installationId, 'DialogTaskCreated')).toHaveLength(1);
    const api = await DialogsApi.forApp(dialogs.url, appId);
    const ids = (await api.dialogs()).body.items.map((i: { installationId: string }) => i.installationId);
    expect(ids).not.toContain(installationId);
    expect((await api.get(`/dialogs/${deleted[0].payload.dialogId}`)).status).toBe(404);
  });

  it('turns service nodes custom on ActionDisabled and back on ActionEnabled, for later installs too', async () => {
    const appId = randomUUID();
    const configured = actionConfigured(appId, 'pre-authorize');
    const { configurationId } = configured.payload;
    const installed = templateInstalled(appId);
    await events.send(configured);
    await events.send(installed);
    await waitFor(
      'the task',
      () => published(installed.payload.installationId, 'DialogTaskCreated'),
      (l) => l.length > 0,
    );
    const dialogId = published(installed.payload.installationId)[0].payload.dialogId!;
    const api = await DialogsApi.forApp(dialogs.url, appId);
    const serviceTypes = async (id: string) =>
      (await api.get(`/dialogs/${id}`)).body.nodes
        .filter((n: { kind: string }) => n.kind === 'service')
        .map((n: { serviceType: string }) => n.serviceType);

    expect(await serviceTypes(dialogId)).toEqual(['integration', 'integration', 'integration']);
    await events.send(actionDisabled(appId, configurationId));
    await waitFor(
      'custom service nodes',
      () => serviceTypes(dialogId),
      (t) => t.every((x: string) => x === 'custom'),
    );

    // Installed while disabled: custom from the start (the view says disabled).
    const later = templateInstalled(appId, 'list-spaces');
    await events.send(later);
    await waitFor(
      'the later task',
      () => published(later.payload.installationId, 'DialogTaskCreated'),
      (l) => l.length > 0,
    );
    expect(await serviceTypes(published(later.payload.installationId)[0].payload.dialogId!)).toEqual([
      'custom',
    ]);

    await events.send(actionEnabled(appId, configurationId));
    await waitFor(
      'integration service nodes',
      () => serviceTypes(dialogId),
      (t) => t.every((x: string) => x === 'integration'),
    );
  });
});
