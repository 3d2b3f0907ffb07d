import {
  AuthorizationCompletedV1,
  createEvent,
  EventEnvelope,
  ProfileId,
  Subject,
  Topics,
} from '@actionhub/contracts';
import { Edition } from '@actionhub/service-kit';
import { KafkaProbe, uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actionConfigService } from './action-config.service';
import { ApiClient, Json } from './api-client';
import { AuthProfilesStub } from './auth-profiles-stub';
import { bootService, migrate, RunningService } from './boot-service';
import { EventProducer } from './kafka-events';

export const site = { cloudId: 'cloud-1', url: 'https://acme.atlassian.net', name: 'acme' };

/** An AuthorizationCompleted as auth-profiles publishes it, for the app (or as told). */
export function authorizationCompleted(
  appId: string,
  options: {
    profileId?: ProfileId;
    subject?: Subject;
    occurredAt?: Date;
    connectionId?: string;
    actionKey?: string;
  } = {},
) {
  return createEvent(AuthorizationCompletedV1, {
    appId,
    correlationId: randomUUID(),
    occurredAt: options.occurredAt,
    payload: {
      authorizationId: randomUUID(),
      connectionId: options.connectionId ?? randomUUID(),
      actionKey: options.actionKey ?? 'confluence',
      profileId: options.profileId ?? 'system',
      subject: options.subject ?? { type: 'app' },
      site,
    },
  });
}

/**
 * action-config on the real PostgreSQL and Kafka, on a topic prefix of its own, with a stub of
 * auth-profiles' internal route, a producer standing in for auth-profiles' events and a probe
 * on action-config's own topic.
 */
export class ActionConfigFixture {
  readonly topicPrefix = uniqueTopicPrefix();
  readonly stub = new AuthProfilesStub();
  readonly events = new EventProducer(this.topicPrefix);
  service!: RunningService;
  probe!: KafkaProbe;
  private db!: DataSource;

  async start(): Promise<this> {
    await migrate(actionConfigService);
    const authProfilesUrl = await this.stub.start();
    this.service = await bootService(actionConfigService, {
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_PROFILES_URL: authProfilesUrl,
    });
    this.probe = await this.events.probe(Topics.actionConfig);
    this.db = actionConfigService.createDataSource(process.env.DATABASE_URL!);
    await this.db.initialize();
    return this;
  }

  async stop(): Promise<void> {
    await this.probe?.stop();
    await this.events.close();
    await this.service?.close();
    await this.stub.stop();
    await this.db?.destroy();
  }

  api(appId: string, edition: Edition = 'developer'): Promise<ApiClient> {
    return ApiClient.forApp(this.service.url, appId, edition);
  }

  /** What action-config published for one app, in order. */
  published(appId: string, type?: string): Json[] {
    return this.probe.parsedValues<Json>().filter((e) => e.appId === appId && (!type || e.type === type));
  }

  /** Waits until action-config's consumer has handled (or skipped as a duplicate) these events. */
  async consumed(...events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.eventId);
    await waitFor(
      `action-config to consume ${ids.join(', ')}`,
      async () =>
        (await this.db.query(
          'SELECT count(*)::int AS n FROM action_config.inbox_message WHERE event_id = ANY($1::uuid[])',
          [ids],
        )) as { n: number }[],
      (rows) => rows[0].n === ids.length,
    );
  }

  /** Produces auth-profiles events and waits until action-config has consumed them. */
  async deliver(...events: EventEnvelope[]): Promise<void> {
    await this.events.publish(...events);
    await this.consumed(...events);
  }
}
