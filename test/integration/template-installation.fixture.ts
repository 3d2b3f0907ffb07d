import { ActionDeletedV1, createEvent, EventEnvelope, Topics } from '@actionhub/contracts';
import { templateCatalog, TemplateDefinition } from '@actionhub/providers';
import { KafkaProbe, ProbedMessage, uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiClient, Json } from '../../apps/action-config/test/integration/support/api-client';
import {
  bootService,
  migrate,
  RunningService,
  ServiceDefinition,
} from '../../apps/action-config/test/integration/support/boot-service';
import { createDataSource as createDialogsDataSource } from '../../apps/dialogs/src/database/data-source';
import {
  DialogsApi,
  RunningDialogs,
  startDialogs,
} from '../../apps/dialogs/test/integration/support/dialogs-service';
import { actionConfigured, EventProducer } from '../../apps/dialogs/test/integration/support/kafka-events';
import { AppModule } from '../../apps/template-installer/src/app.module';
import { configSchema } from '../../apps/template-installer/src/config/template-installer.config';
import { createDataSource } from '../../apps/template-installer/src/database/data-source';
import { TemplateCatalog } from '../../apps/template-installer/src/templates/template-catalog';

/**
 * A template whose definition dialogs refuses (a message node nothing leads to): the real install
 * path, through both services, for an installation that ends `failed` with dialogs' reason.
 */
export const brokenTemplate: TemplateDefinition = (() => {
  const listSpaces = templateCatalog.find((t) => t.key === 'list-spaces')!;
  return {
    ...listSpaces,
    key: 'broken-spaces',
    dialog: {
      ...listSpaces.dialog,
      nodes: [...listSpaces.dialog.nodes, { id: 'orphan', kind: 'message', template: 'Nobody gets here.' }],
    },
  };
})();

export interface App {
  appId: string;
  /** template-installer's /v1 routes for this app. */
  api: ApiClient;
  /** The configuration configure() announced (ActionDeleted names it). */
  configurationId?: string;
}

/**
 * template-installer and dialogs on the real PostgreSQL and Kafka, sharing one topic prefix of
 * their own, with a producer standing in for action-config and a probe on both services' topics.
 */
export class TemplateInstallationFixture {
  readonly topicPrefix = uniqueTopicPrefix();
  readonly events = new EventProducer(this.topicPrefix);
  templateInstaller: RunningService | null = null;
  dialogs: RunningDialogs | null = null;
  probe!: KafkaProbe;
  db!: DataSource;
  dialogsDb!: DataSource;
  private raw: Producer | null = null;

  /**
   * `databaseUrl`: where the services' schemas live (the shared test database unless given);
   * `serviceEnv` overrides both services' environment (e.g. a DATABASE_URL through a TcpProxy).
   */
  constructor(private readonly options: { databaseUrl?: string; serviceEnv?: Record<string, string> } = {}) {}

  private get databaseUrl(): string {
    return this.options.databaseUrl ?? process.env.DATABASE_URL!;
  }

  private get serviceEnv(): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, ...this.options.serviceEnv };
  }

  private readonly service: ServiceDefinition = {
    name: 'template-installer',
    module: {
      forRoot: (config) =>
        AppModule.forRoot(config, {
          templates: new TemplateCatalog([...templateCatalog, brokenTemplate]),
        }),
    },
    schema: configSchema,
    createDataSource,
  };

  async start(): Promise<this> {
    await migrate(this.service, this.databaseUrl);
    await this.startDialogs();
    await this.startTemplateInstaller();
    this.probe = await new KafkaProbe(this.events.kafka).start([
      this.topic(Topics.templateInstaller),
      this.topic(Topics.dialogs),
    ]);
    this.db = createDataSource(this.databaseUrl);
    this.dialogsDb = createDialogsDataSource(this.databaseUrl);
    await Promise.all([this.db.initialize(), this.dialogsDb.initialize()]);
    return this;
  }

  async stop(): Promise<void> {
    await this.probe?.stop();
    await this.raw?.disconnect();
    await this.events.close();
    await this.templateInstaller?.close();
    await this.dialogs?.close();
    await this.db?.destroy();
    await this.dialogsDb?.destroy();
  }

  async startDialogs(): Promise<void> {
    this.dialogs = await startDialogs({
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      LOG_LEVEL: 'warn',
      ...this.serviceEnv,
    });
  }

  async stopDialogs(): Promise<void> {
    await this.dialogs?.close();
    this.dialogs = null;
  }

  async startTemplateInstaller(): Promise<void> {
    this.templateInstaller = await bootService(this.service, {
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      ...this.serviceEnv,
    });
  }

  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  async newApp(): Promise<App> {
    const appId = randomUUID();
    return {
      appId,
      api: await ApiClient.forApp(this.templateInstaller!.url, appId),
    };
  }

  /** action-config's ActionConfigured, produced; resolves once template-installer has seen it. */
  async configure(...apps: App[]): Promise<void> {
    const events = apps.map((app) => actionConfigured(app.appId, 'pre-authorize'));
    apps.forEach((app, i) => (app.configurationId = events[i]!.payload.configurationId));
    await this.events.send(...events);
    await this.consumed(events.map((e) => e.eventId));
  }

  async deleteAction(app: App): Promise<EventEnvelope> {
    const event = createEvent(ActionDeletedV1, {
      appId: app.appId,
      correlationId: randomUUID(),
      payload: { actionKey: 'confluence', configurationId: app.configurationId ?? randomUUID() },
    });
    await this.events.send(event);
    await this.consumed([event.eventId]);
    return event;
  }

  install(app: App, templateKey: string) {
    return app.api.post(`/v1/apps/${app.appId}/actions/confluence/templates/${templateKey}/installations`);
  }

  async installation(app: App, installationId: string): Promise<Json> {
    return (await app.api.get(`/v1/apps/${app.appId}/installations/${installationId}`)).body;
  }

  waitForStatus(app: App, installationId: string, status: string, timeoutMs = 30_000): Promise<Json> {
    return waitFor(
      `installation ${installationId} ${status}`,
      () => this.installation(app, installationId),
      (i) => i.status === status,
      { timeoutMs },
    );
  }

  async templates(app: App): Promise<Json[]> {
    return (await app.api.get(`/v1/apps/${app.appId}/actions/confluence/templates`)).body.items;
  }

  /** The Dialogs page of the app, as dialogs (wherever it runs now) serves it. */
  async dialogTasks(app: App): Promise<Json[]> {
    return (await (await DialogsApi.forApp(this.dialogs!.url, app.appId)).dialogs()).body.items;
  }

  /** Envelopes seen on Kafka, optionally of one type and for one installation. */
  published(type?: string, installationId?: string): Json[] {
    return this.probe
      .parsedValues<Json>()
      .filter(
        (e) => (!type || e.type === type) && (!installationId || e.payload.installationId === installationId),
      );
  }

  /** The probed records themselves, to send again byte for byte (a redelivery). */
  records(type: string, installationId: string): ProbedMessage[] {
    return this.probe.messages.filter((m) => {
      const e = m.value ? JSON.parse(m.value) : null;
      return e?.type === type && e.payload.installationId === installationId;
    });
  }

  waitForPublished(type: string, installationId: string, count = 1): Promise<Json[]> {
    return waitFor(
      `${count} ${type} for ${installationId}`,
      () => this.published(type, installationId),
      (events) => events.length >= count,
      { timeoutMs: 30_000 },
    );
  }

  async resend(...records: ProbedMessage[]): Promise<void> {
    if (!this.raw) {
      this.raw = this.events.kafka.producer();
      await this.raw.connect();
    }
    for (const r of records) {
      await this.raw.send({
        topic: r.topic,
        acks: -1,
        messages: [{ key: r.key, value: r.value, headers: r.headers }],
      });
    }
  }

  /** Waits until template-installer's consumer has handled (or skipped) these events. */
  consumed(eventIds: string[]): Promise<void> {
    return this.inboxHas(this.db, 'template_installer', eventIds);
  }

  /** Waits until dialogs' consumer has handled (or skipped) these events. */
  consumedByDialogs(eventIds: string[]): Promise<void> {
    return this.inboxHas(this.dialogsDb, 'dialogs', eventIds);
  }

  private async inboxHas(db: DataSource, schema: string, eventIds: string[]): Promise<void> {
    await waitFor(
      `${schema} to consume ${eventIds.length} event(s)`,
      async () =>
        (
          (await db.query(
            `SELECT count(DISTINCT event_id)::int AS n FROM ${schema}.inbox_message WHERE event_id = ANY($1::uuid[])`,
            [eventIds],
          )) as { n: number }[]
        )[0].n,
      (n) => n === new Set(eventIds).size,
      { timeoutMs: 30_000 },
    );
  }
}
