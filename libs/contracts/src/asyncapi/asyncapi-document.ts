import { stringify } from 'yaml';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';
import { EventDefinition } from '../define-event';
import { eventDefinitions } from '../registry';
import { dlqTopic, Topics } from '../topics';
import { eventConsumers, ServiceName } from './event-consumers';

// The AsyncAPI 3.0 document of every topic and event, derived from the definitions in this
// library (tools/asyncapi/generate.mjs writes it to docs/asyncapi.yaml; a test keeps it fresh).

type Json = Record<string, unknown>;

const producerOfTopic: Record<string, ServiceName> = {
  [Topics.authProfiles]: 'auth-profiles',
  [Topics.actionConfig]: 'action-config',
  [Topics.templateInstaller]: 'template-installer',
  [Topics.dialogs]: 'dialogs',
};

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const channelId = (service: ServiceName) => `${camel(service)}Events`;
const dlqChannelId = (service: ServiceName) => `${camel(service)}EventsDlq`;
const messageId = (d: EventDefinition) => `${d.type}V${d.schemaVersion}`;

// Typed loosely: the envelope types are too deep for zod-to-json-schema's generic signature.
const toJsonSchema = zodToJsonSchema as (schema: unknown, options: object) => Json;

function schemaOf(d: EventDefinition): Json {
  const schema = toJsonSchema(d.envelope, {
    $refStrategy: 'none',
    // Consumers ignore fields they do not know (zod strips them): producers may add fields.
    removeAdditionalStrategy: 'strict',
    target: 'jsonSchema7',
    // The only lazy schema is the recursive JSON value of a request body: say "any JSON" once
    // instead of letting the converter unroll it.
    override: (def: { typeName?: string }) =>
      def.typeName === 'ZodLazy' ? { description: 'Any JSON value.' } : ignoreOverride,
  });
  delete schema.$schema;
  return schema;
}

const headers = {
  type: 'object',
  required: ['event-type', 'schema-version', 'correlation-id'],
  properties: {
    'event-type': { type: 'string', description: 'The envelope type, to route without parsing the value.' },
    'schema-version': { type: 'string', pattern: '^[1-9][0-9]*$' },
    'correlation-id': { type: 'string', description: 'The request or flow that led to the event.' },
  },
};

const dlqHeaders = {
  type: 'object',
  description: 'The original headers, plus why and where the message was parked.',
  properties: {
    'dlq-reason': {
      type: 'string',
      enum: ['malformed', 'contract_violation', 'rejected'],
      description:
        "Only poison is parked: bytes that are not an event, a contract violation, or a handler's deliberate rejection. Failures of PostgreSQL, Kafka or handler code are retried, never parked.",
    },
    'dlq-error': { type: 'string', maxLength: 1000 },
    'dlq-consumer-group': { type: 'string' },
    'dlq-original-topic': { type: 'string' },
    'dlq-original-partition': { type: 'string' },
    'dlq-original-offset': { type: 'string' },
    'dlq-failed-at': { type: 'string', format: 'date-time' },
  },
};

export function asyncApiDocument(): Json {
  const definitions = eventDefinitions as readonly EventDefinition[];
  const services = Object.values(producerOfTopic);
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const schemas: Json = {};

  for (const d of definitions) {
    const id = messageId(d);
    schemas[id] = schemaOf(d);
    const keyed = 'actionKey' in d.payload.shape;
    messages[id] = {
      name: d.type,
      title: `${d.type} v${d.schemaVersion}`,
      summary: `Published by ${producerOfTopic[d.topic]} on ${d.topic}.`,
      contentType: 'application/json',
      headers,
      payload: { $ref: `#/components/schemas/${id}` },
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: keyed ? '`appId:actionKey`' : 'see the event definition (not action-scoped)',
          },
          bindingVersion: '0.5.0',
        },
      },
    };
  }

  for (const service of services) {
    const topic = Object.entries(producerOfTopic).find(([, s]) => s === service)![0];
    const own = definitions.filter((d) => d.topic === topic);
    const refs = Object.fromEntries(
      own.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
    );
    channels[channelId(service)] = {
      address: topic,
      title: `${service} events`,
      description: `Every event ${service} publishes (through its outbox), keyed so order holds per app and action.`,
      messages: refs,
      bindings: { kafka: { topic, bindingVersion: '0.5.0' } },
    };
    channels[dlqChannelId(service)] = {
      address: dlqTopic(topic),
      title: `${service} dead letters`,
      description: `Messages of ${topic} a consumer could not process: the original key and value, with dlq-* headers.`,
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
      bindings: { kafka: { topic: dlqTopic(topic), bindingVersion: '0.5.0' } },
    };
    operations[`${camel(service)}Publishes`] = {
      action: 'send',
      title: `${service} publishes`,
      channel: { $ref: `#/channels/${channelId(service)}` },
      messages: own.map((d) => ({ $ref: `#/channels/${channelId(service)}/messages/${messageId(d)}` })),
    };
  }

  for (const consumer of services) {
    for (const producer of services) {
      const consumed = definitions.filter(
        (d) =>
          producerOfTopic[d.topic] === producer &&
          (eventConsumers[consumer] as readonly string[]).includes(d.type),
      );
      if (consumed.length === 0) continue;
      operations[`${camel(consumer)}Consumes${camel(`-${producer}`)}Events`] = {
        action: 'receive',
        title: `${consumer} consumes ${producer} events`,
        description: `Consumer group of ${consumer}; other event types on the topic are skipped, poison messages go to ${dlqTopic(consumed[0]!.topic)}.`,
        channel: { $ref: `#/channels/${channelId(producer)}` },
        messages: consumed.map((d) => ({
          $ref: `#/channels/${channelId(producer)}/messages/${messageId(d)}`,
        })),
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Actionhub events',
      version: '1.0.0',
      description:
        'Generated from libs/contracts by tools/asyncapi/generate.mjs; do not edit by hand. ' +
        'Every value is the envelope { eventId, type, schemaVersion, occurredAt, appId, correlationId, causationId, payload }.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'Development broker; topics may carry a deployment prefix (KAFKA_TOPIC_PREFIX).',
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages: {
        ...messages,
        DeadLetter: {
          name: 'DeadLetter',
          title: 'A parked message',
          summary: 'The original key and value (possibly malformed, so not checked here) and dlq-* headers.',
          headers: dlqHeaders,
          payload: {},
        },
      },
    },
  };
}

/** The document as docs/asyncapi.yaml holds it. */
export function asyncApiYaml(): string {
  return (
    '# Generated by `node tools/asyncapi/generate.mjs` from libs/contracts: do not edit by hand.\n' +
    stringify(asyncApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 })
  );
}
