import { ActionConfiguredV1, createEvent } from '@actionhub/contracts';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ActionConfigFixture,
  authorizationCompleted,
} from '../../apps/action-config/test/integration/support/action-config-fixture';
import { ApiClient, Json } from '../../apps/action-config/test/integration/support/api-client';
import {
  bootService,
  migrate,
  RunningService,
  ServiceDefinition,
} from '../../apps/action-config/test/integration/support/boot-service';
import { AppModule } from '../../apps/template-installer/src/app.module';
import { configSchema } from '../../apps/template-installer/src/config/template-installer.config';
import { createDataSource } from '../../apps/template-installer/src/database/data-source';

// Step 1 of the seed across two services: action-config's first save publishes
// ActionConfigured { firstTime: true } through its outbox, and template-installer, on the same
// topic prefix, turns it into exactly one Integration Successful notice, whatever Kafka
// redelivers and even when template-installer stops while events flow.
const templateInstallerService: ServiceDefinition = {
  name: 'template-installer',
  module: AppModule,
  schema: configSchema,
  createDataSource,
};

const actionConfig = new ActionConfigFixture();
let templateInstaller: RunningService | null = null;
let templateInstallerDb: DataSource;

const startTemplateInstaller = async () => {
  templateInstaller = await bootService(templateInstallerService, {
    KAFKA_TOPIC_PREFIX: actionConfig.topicPrefix,
  });
};

beforeAll(async () => {
  await migrate(templateInstallerService);
  await actionConfig.start();
  await startTemplateInstaller();
  templateInstallerDb = createDataSource(process.env.DATABASE_URL!);
  await templateInstallerDb.initialize();
});

afterAll(async () => {
  await templateInstaller?.close();
  await actionConfig.stop();
  await templateInstallerDb?.destroy();
});

interface App {
  appId: string;
  actions: ApiClient;
  templates: ApiClient;
}

async function newApp(): Promise<App> {
  const appId = randomUUID();
  return {
    appId,
    actions: await actionConfig.api(appId),
    templates: await ApiClient.forApp(templateInstaller!.url, appId),
  };
}

const configurationPath = (appId: string, rest = '') =>
  `/v1/apps/${appId}/actions/confluence/configuration${rest}`;

type Flow = { authorizationType: 'pre-authorize' | 'user-authorize'; profile: 'system' | 'custom' };

/** Walks one of the seed's flows in action-config up to its first save or enable. */
async function configure(
  { appId, actions }: App,
  flow: Flow = { authorizationType: 'pre-authorize', profile: 'system' },
) {
  const profileId = randomUUID();
  const put = await actions.put(configurationPath(appId), {
    authorizationType: flow.authorizationType,
    mechanism: 'oauth2',
    profile: flow.profile === 'system' ? { kind: 'system' } : { kind: 'custom', profileId },
  });
  expect(put.status).toBe(200);
  if (flow.authorizationType === 'pre-authorize') {
    await actionConfig.deliver(
      authorizationCompleted(appId, { profileId: flow.profile === 'system' ? 'system' : profileId }),
    );
    expect((await actions.post(configurationPath(appId, '/save'))).status).toBe(200);
  } else {
    expect((await actions.post(configurationPath(appId, '/enable'))).status).toBe(200);
  }
}

const notices = async ({ appId, templates }: App): Promise<Json[]> =>
  (await templates.get(`/v1/apps/${appId}/notices`)).body.items;

const waitForNotices = (app: App, count = 1) =>
  waitFor(
    `${count} notice(s) for ${app.appId}`,
    () => notices(app),
    (items) => items.length >= count,
  );

/** Waits until template-installer's consumer has handled (or skipped) these events. */
async function consumedByTemplateInstaller(eventIds: string[]): Promise<void> {
  await waitFor(
    `template-installer to consume ${eventIds.join(', ')}`,
    async () =>
      (await templateInstallerDb.query(
        'SELECT count(*)::int AS n FROM template_installer.inbox_message WHERE event_id = ANY($1::uuid[])',
        [eventIds],
      )) as { n: number }[],
    (rows) => rows[0].n === eventIds.length,
  );
}

const publishedBy = (appId: string, type: string, count: number) =>
  waitFor(
    `${count} ${type} for ${appId}`,
    () => actionConfig.published(appId, type),
    (events) => events.length >= count,
  );

describe('Integration Successful', () => {
  it.each<Flow>([
    { authorizationType: 'pre-authorize', profile: 'system' },
    { authorizationType: 'pre-authorize', profile: 'custom' },
    { authorizationType: 'user-authorize', profile: 'system' },
    { authorizationType: 'user-authorize', profile: 'custom' },
  ])('$authorizationType with a $profile profile ends in exactly one notice', async (flow) => {
    const app = await newApp();
    await configure(app, flow);
    const [notice] = await waitForNotices(app);
    const [configured] = await publishedBy(app.appId, 'ActionConfigured', 1);
    await consumedByTemplateInstaller([configured.eventId]);
    expect(await notices(app)).toEqual([
      {
        noticeId: notice.noticeId,
        type: 'integration-successful',
        actionKey: 'confluence',
        configurationId: configured.payload.configurationId,
        createdAt: expect.any(String),
        options: ['explore-templates', 'skip-for-now'],
      },
    ]);
  });

  it('offers no second notice on later saves, replays, duplicates or another firstTime event', async () => {
    const app = await newApp();
    await configure(app);
    await waitForNotices(app);
    expect((await app.actions.post(configurationPath(app.appId, '/save'))).status).toBe(200);
    const [first, later] = await publishedBy(app.appId, 'ActionConfigured', 2);
    expect([first.payload.firstTime, later.payload.firstTime]).toEqual([true, false]);

    // The very same record again, twice (a relay that resent it), then a second firstTime event.
    const again = createEvent(ActionConfiguredV1, {
      appId: app.appId,
      correlationId: randomUUID(),
      payload: { ...first.payload, firstTime: true },
    });
    await actionConfig.events.publish(first, first, again);
    await consumedByTemplateInstaller([first.eventId, later.eventId, again.eventId]);
    expect(await notices(app)).toHaveLength(1);
  });

  it('is dismissed with 204 (Skip for Now), once and for all', async () => {
    const app = await newApp();
    await configure(app);
    const [notice] = await waitForNotices(app);
    const dismiss = `/v1/apps/${app.appId}/notices/${notice.noticeId}/dismiss`;

    const stranger = await ApiClient.forApp(templateInstaller!.url, randomUUID());
    expect((await stranger.post(dismiss)).status).toBe(404);
    const unknown = await app.templates.post(`/v1/apps/${app.appId}/notices/${randomUUID()}/dismiss`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('notice_not_found');

    expect((await app.templates.post(dismiss)).status).toBe(204);
    expect((await app.templates.post(dismiss)).status).toBe(204);
    expect(await notices(app)).toEqual([]);

    // Still configured: a later save does not bring the dismissed notice back.
    await app.actions.post(configurationPath(app.appId, '/save'));
    const [, later] = await publishedBy(app.appId, 'ActionConfigured', 2);
    await consumedByTemplateInstaller([later.eventId]);
    expect(await notices(app)).toEqual([]);
  });
});

describe('templates of an action', () => {
  it('answer 409 action_not_configured until the action is configured, and again after it is deleted', async () => {
    const app = await newApp();
    const templatesPath = `/v1/apps/${app.appId}/actions/confluence/templates`;
    const before = await app.templates.get(templatesPath);
    expect(before.status).toBe(409);
    expect(before.contentType).toContain('application/problem+json');
    expect(before.body.code).toBe('action_not_configured');

    await configure(app);
    await waitForNotices(app);
    const list = await app.templates.get(templatesPath);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: Json) => t.templateKey)).toEqual([
      'create-content',
      'get-content',
      'list-pages',
      'list-blog-posts',
      'list-spaces',
      'update-page',
      'delete-page',
      'add-footer-comment',
      'list-page-children',
      'add-label',
      'search-content',
    ]);
    expect(list.body.items[0]).toEqual({
      templateKey: 'create-content',
      name: 'Create Content',
      description: expect.any(String),
      method: 'POST',
      installed: false,
    });

    // Disabled still lists them; deleted does not, and its notice is gone.
    await app.actions.post(configurationPath(app.appId, '/disable'));
    const [disabled] = await publishedBy(app.appId, 'ActionDisabled', 1);
    await consumedByTemplateInstaller([disabled.eventId]);
    expect((await app.templates.get(templatesPath)).status).toBe(200);

    expect((await app.actions.delete(configurationPath(app.appId))).status).toBe(204);
    const [deleted] = await publishedBy(app.appId, 'ActionDeleted', 1);
    await consumedByTemplateInstaller([deleted.eventId]);
    expect((await app.templates.get(templatesPath)).body.code).toBe('action_not_configured');
    expect(await notices(app)).toEqual([]);

    // A new first configuration offers the notice again.
    await configure(app);
    await waitForNotices(app);
    expect(await notices(app)).toHaveLength(1);
  });

  it("answers 404 for an unknown action and for another app's templates", async () => {
    const app = await newApp();
    expect((await app.templates.get(`/v1/apps/${app.appId}/actions/nope/templates`)).body.code).toBe(
      'action_not_found',
    );
    const stranger = await ApiClient.forApp(templateInstaller!.url, randomUUID());
    expect((await stranger.get(`/v1/apps/${app.appId}/actions/confluence/templates`)).status).toBe(404);
    expect((await stranger.get(`/v1/apps/${app.appId}/notices`)).status).toBe(404);
  });
});

describe('template-installer stopping while events flow', () => {
  it('loses no notice and doubles none once it is back', async () => {
    const apps = await Promise.all(Array.from({ length: 8 }, () => newApp()));
    const noticesInDb = async (some: App[]) =>
      (
        (await templateInstallerDb.query(
          'SELECT count(*)::int AS n FROM template_installer.integration_notice WHERE app_id = ANY($1::uuid[])',
          [some.map((a) => a.appId)],
        )) as { n: number }[]
      )[0].n;

    for (const app of apps.slice(0, 2)) await configure(app);
    await waitForNotices(apps[1]);
    // Events keep coming while it shuts down, and after it is gone.
    await Promise.all([
      (async () => {
        for (const app of apps.slice(2, 5)) await configure(app);
      })(),
      templateInstaller!.close(),
    ]);
    templateInstaller = null;
    for (const app of apps.slice(5)) await configure(app);
    for (const app of apps) await publishedBy(app.appId, 'ActionConfigured', 1);
    expect(await noticesInDb(apps.slice(5))).toBe(0);

    await startTemplateInstaller();
    const eventIds = apps.map((app) => actionConfig.published(app.appId, 'ActionConfigured')[0].eventId);
    await consumedByTemplateInstaller(eventIds);
    for (const app of apps) {
      const back = { ...app, templates: await ApiClient.forApp(templateInstaller!.url, app.appId) };
      expect({ appId: app.appId, notices: (await notices(back)).length }).toEqual({
        appId: app.appId,
        notices: 1,
      });
    }
    expect(await noticesInDb(apps)).toBe(8);
  });
});
