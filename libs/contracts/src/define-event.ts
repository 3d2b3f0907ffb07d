import { z } from 'zod';
import { EventEnvelope, envelopeSchema } from './envelope';
import { Topic } from './topics';

export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TPayload extends z.AnyZodObject = z.AnyZodObject,
> {
  readonly type: TType;
  readonly schemaVersion: TVersion;
  /** The producing service's topic. */
  readonly topic: Topic;
  readonly payload: TPayload;
  /** The whole envelope with this definition's type, version and payload pinned. */
  readonly envelope: z.ZodType<EventEnvelope<TType, z.output<TPayload>>, z.ZodTypeDef, unknown>;
  /** The Kafka key: Kafka keeps order only within a key, so it names what must stay ordered. */
  key(envelope: EventEnvelope<TType, z.output<TPayload>>): string;
}

/** The envelope type of a definition (distributes over unions of definitions). */
export type EventOf<D> =
  D extends EventDefinition<infer TType, number, infer TPayload>
    ? EventEnvelope<TType, z.output<TPayload>>
    : never;

export type PayloadOf<D extends EventDefinition> = z.output<D['payload']>;

type KeyOf<TType extends string, TPayload extends z.AnyZodObject> = (
  envelope: EventEnvelope<TType, z.output<TPayload>>,
) => string;

// The default key needs `payload.actionKey`; events without one must say how they are keyed.
type KeySpec<TType extends string, TPayload extends z.AnyZodObject> =
  z.output<TPayload> extends { actionKey: string }
    ? { key?: KeyOf<TType, TPayload> }
    : { key: KeyOf<TType, TPayload> };

export type EventSpec<TType extends string, TVersion extends number, TPayload extends z.AnyZodObject> = {
  type: TType;
  schemaVersion: TVersion;
  topic: Topic;
  payload: TPayload;
} & KeySpec<TType, TPayload>;

export function defineEvent<TType extends string, TVersion extends number, TPayload extends z.AnyZodObject>(
  spec: EventSpec<TType, TVersion, TPayload>,
): EventDefinition<TType, TVersion, TPayload> {
  if (!Number.isInteger(spec.schemaVersion) || spec.schemaVersion < 1) {
    throw new Error(`${spec.type}: schemaVersion must be a positive integer`);
  }
  const key: KeyOf<TType, TPayload> =
    spec.key ?? ((e) => `${e.appId}:${(e.payload as { actionKey: string }).actionKey}`);
  return {
    type: spec.type,
    schemaVersion: spec.schemaVersion,
    topic: spec.topic,
    payload: spec.payload,
    envelope: envelopeSchema(spec.type, spec.schemaVersion, spec.payload),
    key,
  };
}
