import {
  ActionConfiguredV1,
  ActionDeletedV1,
  ActionDisabledV1,
  ActionEnabledV1,
  createEvent,
  DialogDefinition,
  EventEnvelope,
  serializeEvent,
  TemplateInstalledV1,
  TemplateUninstalledV1,
  Topics,
} from '@actionhub/contracts';
import { findTemplate } from '@actionhub/providers';
import { KafkaProbe, testKafkaBrokers } from '@actionhub/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Real envelopes on the real broker, as template-installer and action-config publish them. */
export class EventProducer {
  readonly kafka = new Kafka({
    clientId: 'dialogs-test',
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  private producer: Producer | null = null;

  constructor(readonly topicPrefix: string) {}

  async send(...events: EventEnvelope[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const event of events) {
      const { topic, key, value, headers } = serializeEvent(event);
      const name = `${this.topicPrefix}${topic}`;
      byTopic.set(name, [...(byTopic.get(name) ?? []), { key, value, headers }]);
    }
    for (const [topic, messages] of byTopic) await this.producer.send({ topic, acks: -1, messages });
  }

  /** Everything dialogs publishes on this prefix, from the beginning. */
  probe(): Promise<KafkaProbe> {
    return new KafkaProbe(this.kafka).start([`${this.topicPrefix}${Topics.dialogs}`]);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export function templateInstalled(
  appId: string,
  templateKey = 'create-content',
  installationId: string = randomUUID(),
  dialog?: DialogDefinition,
  actionKey = 'confluence',
) {
  const template = findTemplate(actionKey, templateKey)!;
  return createEvent(TemplateInstalledV1, {
    appId,
    correlationId: randomUUID(),
    payload: {
      installationId,
      actionKey,
      templateKey,
      templateVersion: template.version,
      dialog: dialog ?? template.dialog,
    },
  });
}

export function templateUninstalled(appId: string, installationId: string, templateKey = 'create-content') {
  return createEvent(TemplateUninstalledV1, {
    appId,
    correlationId: randomUUID(),
    payload: { installationId, actionKey: 'confluence', templateKey },
  });
}

/** Numbering as action-config does it (sequence); without one, an event from before it numbered them. */
export interface ConfigurationEventOptions {
  configurationId?: string;
  sequence?: number;
}

export function actionConfigured(
  appId: string,
  authorizationType: 'pre-authorize' | 'user-authorize',
  { configurationId = randomUUID(), sequence }: ConfigurationEventOptions = {},
  actionKey = 'confluence',
) {
  return createEvent(ActionConfiguredV1, {
    appId,
    correlationId: randomUUID(),
    payload: {
      actionKey,
      configurationId,
      ...(sequence === undefined ? {} : { sequence }),
      authorizationType,
      mechanism: 'oauth2',
      profile: { kind: 'system' },
      firstTime: true,
    },
  });
}

export function actionDisabled(appId: string, configurationId: string, sequence?: number) {
  return createEvent(ActionDisabledV1, {
    appId,
    correlationId: randomUUID(),
    payload: { actionKey: 'confluence', configurationId, ...(sequence === undefined ? {} : { sequence }) },
  });
}

export function actionEnabled(appId: string, configurationId: string, sequence?: number) {
  return createEvent(ActionEnabledV1, {
    appId,
    correlationId: randomUUID(),
    payload: { actionKey: 'confluence', configurationId, ...(sequence === undefined ? {} : { sequence }) },
  });
}

export function actionDeleted(appId: string, configurationId: string) {
  return createEvent(ActionDeletedV1, {
    appId,
    correlationId: randomUUID(),
    payload: { actionKey: 'confluence', configurationId },
  });
}

/** The same event sent again as a new one (another eventId): the inbox cannot tell it is old. */
export const asNewEvent = <E extends EventEnvelope>(event: E): E => ({ ...event, eventId: randomUUID() });
