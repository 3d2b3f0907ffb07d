import { createEvent, parseEvent, serializeEvent } from '../registry';
import { ContractViolationError } from '../contract-violation.error';
import { ActionConfiguredV1 } from '../events/action-configured.event';
import { AuthorizationCompletedV1 } from '../events/authorization-completed.event';
import { APP_ID, catchError, samplePayload } from './sample-payloads.fixture';

const configured = () =>
  createEvent(ActionConfiguredV1, {
    appId: APP_ID,
    correlationId: 'req-1',
    payload: samplePayload('ActionConfigured') as never,
  });

const withPayload = (changes: Record<string, unknown>) => {
  const event = configured();
  return { ...event, payload: { ...event.payload, ...changes } };
};

describe('contract violations', () => {
  it('names the event, version and field of a value of the wrong type', () => {
    const error = catchError(() => parseEvent(withPayload({ firstTime: 'yes' })));
    expect(error).toMatchObject({ type: 'ActionConfigured', schemaVersion: 1 });
    expect(error.issues).toEqual([{ path: 'payload.firstTime', message: expect.stringMatching(/boolean/) }]);
    expect(error.message).toMatch(/^ActionConfigured v1 violates its contract: payload\.firstTime: /);
  });

  it('names a missing field', () => {
    const { configurationId: _dropped, ...payload } = configured().payload;
    const error = catchError(() => parseEvent({ ...configured(), payload }));
    expect(error.issues).toEqual([{ path: 'payload.configurationId', message: 'Required' }]);
  });

  it('names a wrong enum value', () => {
    const error = catchError(() => parseEvent(withPayload({ mechanism: 'carrier-pigeon' })));
    expect(error.issues.map((i) => i.path)).toEqual(['payload.mechanism']);
    expect(error.message).toContain('carrier-pigeon');
  });

  it('checks nested unions: a custom profile needs a profileId that is a UUID', () => {
    const error = catchError(() =>
      parseEvent(withPayload({ profile: { kind: 'custom', profileId: 'mine' } })),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['payload.profile.profileId']);
  });

  it('checks the envelope: UTC time, UUIDs, positive version', () => {
    const error = catchError(() =>
      parseEvent({ ...configured(), occurredAt: '2026-11-28T10:00:00+02:00', appId: 'app-1' }),
    );
    expect(error.issues.map((i) => i.path).sort()).toEqual(['appId', 'occurredAt']);
    expect(error.type).toBe('ActionConfigured');
    expect(() => parseEvent({ ...configured(), schemaVersion: 0 })).toThrow(ContractViolationError);
    expect(() => parseEvent({ ...configured(), causationId: undefined })).toThrow(/causationId/);
  });

  it('rejects something that is not an envelope at all', () => {
    const error = catchError(() => parseEvent('ActionConfigured'));
    expect(error).toMatchObject({ type: null, schemaVersion: null, issues: [{ path: '' }] });
    expect(error.message).toContain('(envelope)');
  });

  it('refuses to create an invalid event', () => {
    const payload = { ...samplePayload('AuthorizationCompleted'), profileId: 'nobody' };
    const error = catchError(() =>
      createEvent(AuthorizationCompletedV1, {
        appId: APP_ID,
        correlationId: 'req-1',
        payload: payload as never,
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['payload.profileId']);
  });

  it('refuses to serialize an envelope changed after it was created', () => {
    const error = catchError(() => serializeEvent(withPayload({ mechanism: 'carrier-pigeon' })));
    expect(error.issues.map((i) => i.path)).toEqual(['payload.mechanism']);
  });

  it('refuses to serialize the very envelope createEvent returned once it was changed in place', () => {
    const event = configured();
    (event.payload as Record<string, unknown>).mechanism = 'carrier-pigeon';
    const error = catchError(() => serializeEvent(event));
    expect(error.issues.map((i) => i.path)).toEqual(['payload.mechanism']);
  });

  it('rejects an action key that would break the Kafka key', () => {
    const error = catchError(() => parseEvent(withPayload({ actionKey: 'a:b' })));
    expect(error.issues.map((i) => i.path)).toEqual(['payload.actionKey']);
  });
});
