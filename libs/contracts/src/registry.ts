import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ContractViolationError } from './contract-violation.error';
import { EventDefinition, EventOf } from './define-event';
import { EventEnvelope, EventEnvelopeSchema } from './envelope';
import { ActionConfiguredV1 } from './events/action-configured.event';
import { ActionDeletedV1 } from './events/action-deleted.event';
import { ActionDisabledV1 } from './events/action-disabled.event';
import { ActionEnabledV1 } from './events/action-enabled.event';
import { AuthProfileDeletedV1 } from './events/auth-profile-deleted.event';
import { AuthorizationCompletedV1 } from './events/authorization-completed.event';
import { AuthorizationFailedV1 } from './events/authorization-failed.event';
import { ConnectionRefreshFailedV1 } from './events/connection-refresh-failed.event';
import { ConnectionRevokedV1 } from './events/connection-revoked.event';
import { DialogTaskCreatedV1 } from './events/dialog-task-created.event';
import { DialogTaskCreationFailedV1 } from './events/dialog-task-creation-failed.event';
import { DialogTaskDeletedV1 } from './events/dialog-task-deleted.event';
import { TemplateInstalledV1 } from './events/template-installed.event';
import { TemplateUninstalledV1 } from './events/template-uninstalled.event';
import { Topic } from './topics';

/** Every event version a consumer may meet. A new version is added here; old ones stay while in use. */
export const eventDefinitions = [
  AuthorizationCompletedV1,
  AuthorizationFailedV1,
  ConnectionRefreshFailedV1,
  ConnectionRevokedV1,
  AuthProfileDeletedV1,
  ActionConfiguredV1,
  ActionDisabledV1,
  ActionEnabledV1,
  ActionDeletedV1,
  TemplateInstalledV1,
  TemplateUninstalledV1,
  DialogTaskCreatedV1,
  DialogTaskDeletedV1,
  DialogTaskCreationFailedV1,
] as const;

export type AnyEventDefinition = (typeof eventDefinitions)[number];
/** Any registered event, discriminated by `type`. */
export type AnyEvent = EventOf<AnyEventDefinition>;
export type EventType = AnyEvent['type'];
export type EventOfType<T extends EventType> = Extract<AnyEvent, { type: T }>;

const byVersion = new Map<string, EventDefinition>();
const latest = new Map<string, EventDefinition>();
for (const definition of eventDefinitions as readonly EventDefinition[]) {
  const id = `${definition.type}@${definition.schemaVersion}`;
  if (byVersion.has(id)) throw new Error(`Event ${id} is registered twice`);
  byVersion.set(id, definition);
  if ((latest.get(definition.type)?.schemaVersion ?? 0) < definition.schemaVersion) {
    latest.set(definition.type, definition);
  }
}

/** The definition of a type (its newest version unless one is named); unknown ones are a ContractViolationError. */
export function eventDefinition<T extends EventType>(
  type: T,
  schemaVersion?: number,
): Extract<AnyEventDefinition, { type: T }>;
export function eventDefinition(type: string, schemaVersion?: number): EventDefinition;
export function eventDefinition(type: string, schemaVersion?: number): EventDefinition {
  const known = latest.get(type);
  if (!known) {
    throw new ContractViolationError(type, schemaVersion ?? null, [
      { path: 'type', message: `Unknown event type "${type}"` },
    ]);
  }
  if (schemaVersion === undefined) return known;
  const definition = byVersion.get(`${type}@${schemaVersion}`);
  if (!definition) {
    const versions = eventDefinitions.filter((d) => d.type === type).map((d) => d.schemaVersion);
    throw new ContractViolationError(type, schemaVersion, [
      {
        path: 'schemaVersion',
        message: `Unknown schemaVersion ${schemaVersion} (known: ${versions.join(', ')})`,
      },
    ]);
  }
  return definition;
}

export interface CreateEventInput<TPayload> {
  appId: string;
  correlationId: string;
  causationId?: string | null;
  payload: TPayload;
  eventId?: string;
  occurredAt?: string | Date;
}

/** Builds a validated envelope: an invalid event fails where it is made, not in a consumer. */
export function createEvent<D extends EventDefinition>(
  definition: D,
  input: CreateEventInput<z.input<D['payload']>>,
): EventOf<D> {
  const occurredAt = input.occurredAt ?? new Date();
  const candidate = {
    eventId: input.eventId ?? randomUUID(),
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    occurredAt: occurredAt instanceof Date ? occurredAt.toISOString() : occurredAt,
    appId: input.appId,
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    payload: input.payload,
  };
  const envelope = check(definition, candidate);
  validated.set(envelope, JSON.stringify(envelope));
  return envelope as EventOf<D>;
}

/** Validates an envelope from the wire, then its payload against the registered type and version. */
export function parseEvent(raw: unknown): AnyEvent {
  const envelope = EventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const seen: { type?: unknown; schemaVersion?: unknown } =
      typeof raw === 'object' && raw !== null ? raw : {};
    const { type, schemaVersion } = seen;
    throw ContractViolationError.fromZod(
      typeof type === 'string' ? type : null,
      typeof schemaVersion === 'number' ? schemaVersion : null,
      envelope.error,
    );
  }
  const definition = eventDefinition(envelope.data.type, envelope.data.schemaVersion);
  return check(definition, raw) as AnyEvent;
}

export type EventHeaders = { 'event-type': string; 'schema-version': string; 'correlation-id': string };

export interface SerializedEvent {
  topic: Topic;
  key: string;
  value: string;
  headers: EventHeaders;
}

/**
 * Envelopes createEvent built, with their JSON then. Validating a large event (TemplateInstalled
 * carries a whole dialog definition) is the costly part of publishing it; one that is still what
 * createEvent validated needs no second check.
 */
const validated = new WeakMap<object, string>();

/**
 * The Kafka record for an envelope; it is validated again so nothing off-contract reaches the
 * wire, unless it is unchanged since createEvent validated it (same JSON).
 */
export function serializeEvent(envelope: EventEnvelope): SerializedEvent {
  const definition = eventDefinition(envelope.type, envelope.schemaVersion);
  const json = JSON.stringify(envelope);
  const unchanged = validated.get(envelope) === json;
  const valid = unchanged ? (envelope as ReturnType<typeof check>) : check(definition, envelope);
  return {
    topic: definition.topic,
    key: definition.key(valid),
    value: unchanged ? json : JSON.stringify(valid),
    headers: {
      'event-type': valid.type,
      'schema-version': String(valid.schemaVersion),
      'correlation-id': valid.correlationId,
    },
  };
}

/** The Kafka key of an envelope (`appId:actionKey` for action-scoped events). */
export function eventKey(envelope: EventEnvelope): string {
  return eventDefinition(envelope.type, envelope.schemaVersion).key(
    envelope as EventEnvelope<string, Record<string, unknown>>,
  );
}

function check(definition: EventDefinition, value: unknown) {
  const result = definition.envelope.safeParse(value);
  if (!result.success) {
    throw ContractViolationError.fromZod(definition.type, definition.schemaVersion, result.error);
  }
  return result.data;
}
