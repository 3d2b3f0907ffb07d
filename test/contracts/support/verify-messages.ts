import { EventEnvelope, serializeEvent } from '@actionhub/contracts';
import { MessageProviderPact, MessageProviders } from '@pact-foundation/pact';
import { MESSAGE_PACTS, pactFile } from './pact-files';
import { ProducedEvents, ServiceName } from './message-producers';

/** Interactions are named after the event: one pact per consumer and producer, one interaction per event. */
export const descriptionOf = (type: string) => `the ${type} event`;

/** A change applied to a produced record before it is handed to the verifier (for the breaking-change test). */
export type Tamper = (type: string, message: Record<string, unknown>) => Record<string, unknown>;

function messageProviders(events: ProducedEvents, tamper?: Tamper): MessageProviders {
  return Object.fromEntries(
    Object.entries(events).map(([type, build]) => [
      descriptionOf(type),
      () => {
        // The Kafka record exactly as the outbox relay would publish it.
        const record = serializeEvent((build as () => EventEnvelope)());
        const message = JSON.parse(record.value) as Record<string, unknown>;
        return {
          __pactMessageMetadata: { topic: record.topic, 'event-type': record.headers['event-type'] },
          message: tamper ? tamper(type, message) : message,
        };
      },
    ]),
  );
}

async function runVerifier(provider: string, file: string, providers: MessageProviders): Promise<boolean> {
  try {
    await new MessageProviderPact({
      provider,
      pactUrls: [file],
      messageProviders: providers,
      logLevel: 'error',
    }).verify();
    return true;
  } catch {
    return false;
  }
}

/**
 * Verifies one producer against one consumer's pact. On failure, each interaction is verified
 * alone (the verifier's PACT_DESCRIPTION filter) so the error names the consumer, the producer
 * and the events whose contract broke.
 */
export async function verifyMessagePact(
  consumer: ServiceName,
  provider: ServiceName,
  events: ProducedEvents,
  tamper?: Tamper,
): Promise<void> {
  const file = pactFile(MESSAGE_PACTS, consumer, provider);
  const providers = messageProviders(events, tamper);
  if (await runVerifier(provider, file, providers)) return;
  const broken: string[] = [];
  const saved = process.env.PACT_DESCRIPTION;
  try {
    for (const description of Object.keys(providers)) {
      process.env.PACT_DESCRIPTION = description;
      if (!(await runVerifier(provider, file, providers))) broken.push(description);
    }
  } finally {
    if (saved === undefined) delete process.env.PACT_DESCRIPTION;
    else process.env.PACT_DESCRIPTION = saved;
  }
  throw new Error(
    `Contract broken: producer "${provider}" no longer satisfies consumer "${consumer}" ` +
      `(pact ${file}): ${broken.length ? broken.join(', ') : 'see the verifier output above'}. ` +
      `Change the producer back, or agree on the change with "${consumer}" (its consumer test first).`,
  );
}
