import { EventType, eventDefinition, parseEvent } from '@actionhub/contracts';
import { MessageConsumerPact, synchronousBodyHandler } from '@pact-foundation/pact';
import { existsSync } from 'node:fs';
import { expectedEvents } from './support/consumer-expectations';
import { consumes, wiredHandlers } from './support/message-consumers';
import { producerOf, producers, ServiceName } from './support/message-producers';
import { emptyPactDir, MESSAGE_PACTS, pactFile } from './support/pact-files';
import { descriptionOf, verifyMessagePact } from './support/verify-messages';

// Message contracts between the services, through Pact files in .cache/pacts/messages (no
// broker). Consumers first: each writes what it needs of every event it consumes and runs its
// own parsing on Pact's example. Then each producer's real event-building code is verified
// against every pact that names it. Jest runs the describes of one file in order.

const services = Object.keys(consumes) as ServiceName[];
const pairs = services.flatMap((consumer) =>
  consumes[consumer].map((type) => ({ consumer, type, provider: producerOf(type) })),
);

describe('message consumers write their pacts', () => {
  beforeAll(() => emptyPactDir(MESSAGE_PACTS));

  it.each(services)('%s has a pact for every event its app module handles', (consumer) => {
    const handled = [...wiredHandlers(consumer).keys()];
    expect(handled.length).toBeGreaterThan(0);
    expect(consumes[consumer]).toEqual(expect.arrayContaining(handled));
  });

  it.each(pairs)('$consumer reads $type from $provider', async ({ consumer, type, provider }) => {
    const handlers = wiredHandlers(consumer);
    const topic = eventDefinition(type).topic;
    let parsed: unknown;
    await new MessageConsumerPact({ consumer, provider, dir: MESSAGE_PACTS, logLevel: 'error' })
      .expectsToReceive(descriptionOf(type))
      .withContent(expectedEvents[type]())
      .withMetadata({ topic, 'event-type': type })
      .verify(
        synchronousBodyHandler((body) => {
          // What the consumer's IdempotentConsumer does before its handler: parse against the
          // registered schema, then route by type to the handler registered for it.
          const event = parseEvent(body);
          const handler = handlers.get(event.type);
          if (!handler) {
            throw new Error(`${consumer} registers no handler for ${event.type}`);
          }
          parsed = event;
        }),
      );
    expect(parsed).toMatchObject({ type, schemaVersion: 1 });
    expect(existsSync(pactFile(MESSAGE_PACTS, consumer, provider))).toBe(true);
  });
});

describe('message producers satisfy the pacts', () => {
  const providerPairs = [...new Set(pairs.map((p) => `${p.consumer}|${p.provider}`))].map((key) => {
    const [consumer, provider] = key.split('|') as [ServiceName, ServiceName];
    return { consumer, provider };
  });

  it.each(providerPairs)('$provider gives $consumer what it expects', async ({ consumer, provider }) => {
    await verifyMessagePact(consumer, provider, producers[provider].events);
  });

  it.each(services)('every event %s builds matches its libs/contracts schema and topic', (service) => {
    const built = Object.entries(producers[service].events);
    expect(built.length).toBeGreaterThan(0);
    for (const [type, build] of built) {
      const event = parseEvent(build!());
      expect(event.type).toBe(type);
      expect(eventDefinition(type as EventType).topic).toBe(producers[service].topic);
    }
  });

  it('builds every registered event somewhere', () => {
    const built = services.flatMap((s) => Object.keys(producers[s].events)).sort();
    expect(built).toEqual(Object.keys(expectedEvents).sort());
  });

  it('fails, naming template-installer and action-config, when action-config renames a field template-installer reads', async () => {
    const renameConfigurationId = (type: string, message: Record<string, unknown>) => {
      if (type !== 'ActionConfigured') return message;
      const { configurationId, ...payload } = message.payload as Record<string, unknown>;
      return { ...message, payload: { ...payload, configId: configurationId } };
    };
    const verification = verifyMessagePact(
      'template-installer',
      'action-config',
      producers['action-config'].events,
      renameConfigurationId,
    );
    await expect(verification).rejects.toThrow(
      /producer "action-config" no longer satisfies consumer "template-installer".*the ActionConfigured event/,
    );
  });

  it('fails when action-config stops numbering ActionDisabled (sequence is optional in the schema, not for dialogs)', async () => {
    const withoutSequence = (type: string, message: Record<string, unknown>) => {
      if (type !== 'ActionDisabled') return message;
      const { sequence: _dropped, ...payload } = message.payload as Record<string, unknown>;
      return { ...message, payload };
    };
    await expect(
      verifyMessagePact('dialogs', 'action-config', producers['action-config'].events, withoutSequence),
    ).rejects.toThrow(
      /producer "action-config" no longer satisfies consumer "dialogs".*the ActionDisabled event/,
    );
  });

  it('fails when a producer sends a value of another kind (dialogs gets a string templateVersion)', async () => {
    const versionAsString = (type: string, message: Record<string, unknown>) =>
      type === 'TemplateInstalled'
        ? { ...message, payload: { ...(message.payload as object), templateVersion: '1' } }
        : message;
    await expect(
      verifyMessagePact(
        'dialogs',
        'template-installer',
        producers['template-installer'].events,
        versionAsString,
      ),
    ).rejects.toThrow(
      /producer "template-installer" no longer satisfies consumer "dialogs".*the TemplateInstalled event/,
    );
  });
});
