import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';

describe('defineEvent', () => {
  it('keys by appId:actionKey unless told otherwise', () => {
    const definition = defineEvent({
      type: 'Probe',
      schemaVersion: 2,
      topic: Topics.dialogs,
      payload: z.object({ actionKey: z.string() }),
    });
    const envelope = definition.envelope.parse({
      eventId: '11111111-2222-4333-8444-555555555555',
      type: 'Probe',
      schemaVersion: 2,
      occurredAt: '2026-11-28T10:00:00Z',
      appId: '11111111-2222-4333-8444-666666666666',
      correlationId: 'c',
      causationId: null,
      payload: { actionKey: 'jira' },
    });
    expect(definition.key(envelope)).toBe('11111111-2222-4333-8444-666666666666:jira');
    expect(definition.envelope.safeParse({ ...envelope, schemaVersion: 1 }).success).toBe(false);
  });

  it('needs a key function when the payload has no actionKey', () => {
    const payload = z.object({ profileId: z.string() });
    // @ts-expect-error: the default key would read a missing actionKey
    defineEvent({ type: 'NoKey', schemaVersion: 1, topic: Topics.authProfiles, payload });
    const keyed = defineEvent({
      type: 'Keyed',
      schemaVersion: 1,
      topic: Topics.authProfiles,
      payload,
      key: (e) => e.payload.profileId,
    });
    expect(keyed.type).toBe('Keyed');
  });

  it('rejects a version that is not a positive integer', () => {
    const spec = { type: 'Bad', topic: Topics.dialogs, payload: z.object({ actionKey: z.string() }) };
    expect(() => defineEvent({ ...spec, schemaVersion: 0 })).toThrow(/positive integer/);
    expect(() => defineEvent({ ...spec, schemaVersion: 1.5 })).toThrow(/positive integer/);
  });
});
