import { z } from 'zod';

/** The wire shape of every event. The payload is checked against the event's own definition. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  readonly eventId: string;
  readonly type: TType;
  readonly schemaVersion: number;
  /** ISO 8601 in UTC (`Z`), so timestamps compare as strings across services. */
  readonly occurredAt: string;
  readonly appId: string;
  /** The request or flow that led here; carried along every event it causes. */
  readonly correlationId: string;
  /** The eventId (or request id) that directly caused this event; null for a user's own action. */
  readonly causationId: string | null;
  readonly payload: TPayload;
}

const envelopeFields = {
  eventId: z.string().uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.string().datetime({ message: 'Invalid datetime: expected ISO 8601 in UTC (Z)' }),
  appId: z.string().uuid(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
};

/** Any event's envelope, before its type is known. */
export const EventEnvelopeSchema: z.ZodType<EventEnvelope<string, Record<string, unknown>>> = z.object({
  ...envelopeFields,
  payload: z.record(z.string(), z.unknown()),
});

/** The envelope of one event definition: type and version pinned, payload checked. */
export function envelopeSchema<TType extends string, TPayload extends z.ZodTypeAny>(
  type: TType,
  schemaVersion: number,
  payload: TPayload,
): z.ZodType<EventEnvelope<TType, z.output<TPayload>>, z.ZodTypeDef, unknown> {
  return z.object({
    ...envelopeFields,
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    payload,
  }) as z.ZodType<EventEnvelope<TType, z.output<TPayload>>, z.ZodTypeDef, unknown>;
}
