import {
  AnyEventDefinition,
  createEvent,
  eventDefinition,
  eventDefinitions,
  eventKey,
  parseEvent,
  serializeEvent,
} from '../registry';
import { ContractViolationError } from '../contract-violation.error';
import { Topics } from '../topics';
import { ActionConfiguredV1 } from '../events/action-configured.event';
import { AuthProfileDeletedV1 } from '../events/auth-profile-deleted.event';
import { TemplateInstalledV1 } from '../events/template-installed.event';
import { APP_ID, catchError, samplePayload } from './sample-payloads.fixture';

// Spelled out rather than derived, so dropping an event from the registry fails here.
const API_MD_EVENTS = [
  'AuthorizationCompleted',
  'AuthorizationFailed',
  'ConnectionRefreshFailed',
  'ConnectionRevoked',
  'AuthProfileDeleted',
  'ActionConfigured',
  'ActionDisabled',
  'ActionEnabled',
  'ActionDeleted',
  'TemplateInstalled',
  'TemplateUninstalled',
  'DialogTaskCreated',
  'DialogTaskDeleted',
  'DialogTaskCreationFailed',
];

// ARCHITECTURE.md's "publishes" column: each event goes to its producer's topic.
const PRODUCERS: Record<keyof typeof Topics, string[]> = {
  authProfiles: [
    'AuthorizationCompleted',
    'AuthorizationFailed',
    'ConnectionRefreshFailed',
    'ConnectionRevoked',
    'AuthProfileDeleted',
  ],
  actionConfig: ['ActionConfigured', 'ActionDisabled', 'ActionEnabled', 'ActionDeleted'],
  templateInstaller: ['TemplateInstalled', 'TemplateUninstalled'],
  dialogs: ['DialogTaskCreated', 'DialogTaskCreationFailed', 'DialogTaskDeleted'],
};

const sample = <D extends AnyEventDefinition>(definition: D) =>
  createEvent(definition, {
    appId: APP_ID,
    correlationId: 'req-1',
    payload: samplePayload(definition.type) as never,
  });

describe('event registry', () => {
  it('registers every event of API.md, each with a version 1', () => {
    expect(new Set(eventDefinitions.map((d) => d.type))).toEqual(new Set(API_MD_EVENTS));
    for (const type of API_MD_EVENTS) expect(eventDefinition(type, 1).type).toBe(type);
  });

  it.each(Object.entries(PRODUCERS))('puts the events %s publishes on its topic', (producer, types) => {
    for (const type of types) {
      expect(eventDefinition(type).topic).toBe(Topics[producer as keyof typeof Topics]);
    }
  });

  it.each(eventDefinitions.map((d) => [d.type, d] as const))('round-trips %s', (_type, definition) => {
    const event = sample(definition);
    const wire = serializeEvent(event);

    expect(wire.topic).toBe(definition.topic);
    expect(wire.headers).toEqual({
      'event-type': definition.type,
      'schema-version': '1',
      'correlation-id': 'req-1',
    });
    const parsed = parseEvent(JSON.parse(wire.value));
    expect(parsed).toEqual(event);
    expect(parsed.type).toBe(definition.type);
    expect(event.causationId).toBeNull();
    expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('types a parsed event by its type', () => {
    const parsed = parseEvent(JSON.parse(serializeEvent(sample(TemplateInstalledV1)).value));
    if (parsed.type !== 'TemplateInstalled') throw new Error(`unexpected ${parsed.type}`);
    // Compiles only because the union narrows on `type`.
    expect(parsed.payload.dialog.nodes[0]?.kind).toBe('intent');
  });

  it('keys action-scoped events by appId:actionKey', () => {
    for (const definition of eventDefinitions.filter((d) => d.type !== 'AuthProfileDeleted')) {
      const event = sample(definition);
      expect(eventKey(event)).toBe(`${APP_ID}:confluence`);
      expect(serializeEvent(event).key).toBe(`${APP_ID}:confluence`);
    }
  });

  it('keys AuthProfileDeleted by the profile', () => {
    const event = sample(AuthProfileDeletedV1);
    expect(eventKey(event)).toBe(`${APP_ID}:auth-profile:${event.payload.profileId}`);
  });

  it('keeps the ids and times it is given', () => {
    const event = createEvent(ActionConfiguredV1, {
      appId: APP_ID,
      correlationId: 'req-2',
      causationId: 'a0b1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d',
      eventId: '11111111-2222-4333-8444-555555555555',
      occurredAt: new Date('2026-11-28T10:00:00Z'),
      payload: samplePayload('ActionConfigured') as never,
    });
    expect(event).toMatchObject({
      eventId: '11111111-2222-4333-8444-555555555555',
      occurredAt: '2026-11-28T10:00:00.000Z',
      causationId: 'a0b1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d',
    });
  });

  it('rejects an unknown type', () => {
    const event = { ...sample(ActionConfiguredV1), type: 'ActionExploded' };
    const error = catchError(() => parseEvent(event));
    expect(error).toMatchObject({ type: 'ActionExploded', schemaVersion: 1, issues: [{ path: 'type' }] });
    expect(error.message).toContain('ActionExploded');
  });

  it('rejects an unknown version of a known type', () => {
    const event = { ...sample(ActionConfiguredV1), schemaVersion: 7 };
    const error = catchError(() => parseEvent(event));
    expect(error).toMatchObject({
      type: 'ActionConfigured',
      schemaVersion: 7,
      issues: [{ path: 'schemaVersion' }],
    });
    expect(error.message).toMatch(/ActionConfigured v7/);
    expect(() => serializeEvent(event)).toThrow(ContractViolationError);
  });
});
