import { ActionEnabledV1 } from '../events/action-enabled.event';
import { parseEvent } from '../registry';
import { isStaleConfigurationEvent } from '../schemas/configuration-sequence';

const configurationId = '0b9d6a8e-6f1c-4a5e-9d3b-2c1f0e9d8c7b';
const other = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('isStaleConfigurationEvent', () => {
  it('is stale when the view of the same configuration holds this sequence or a later one', () => {
    const view = { configurationId, sequence: 4 };
    expect(isStaleConfigurationEvent({ configurationId, sequence: 3 }, view)).toBe(true);
    expect(isStaleConfigurationEvent({ configurationId, sequence: 4 }, view)).toBe(true);
    expect(isStaleConfigurationEvent({ configurationId, sequence: 5 }, view)).toBe(false);
  });

  it('is never stale without a view, for another configuration, or without a sequence (older events)', () => {
    expect(isStaleConfigurationEvent({ configurationId, sequence: 1 }, null)).toBe(false);
    expect(
      isStaleConfigurationEvent({ configurationId, sequence: 1 }, { configurationId: other, sequence: 9 }),
    ).toBe(false);
    expect(isStaleConfigurationEvent({ configurationId }, { configurationId, sequence: 9 })).toBe(false);
  });
});

describe('the sequence on the wire', () => {
  const envelope = (payload: Record<string, unknown>) => ({
    eventId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    type: ActionEnabledV1.type,
    schemaVersion: 1,
    occurredAt: '2024-05-01T12:00:00.000Z',
    appId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    correlationId: 'request-1',
    causationId: null,
    payload: { actionKey: 'confluence', configurationId, ...payload },
  });

  it('is optional in schemaVersion 1, so events published before it still parse', () => {
    expect(parseEvent(envelope({})).payload).toEqual({ actionKey: 'confluence', configurationId });
    expect(parseEvent(envelope({ sequence: 2 })).payload).toMatchObject({ sequence: 2 });
  });

  it('must be a positive whole number when present', () => {
    expect(() => parseEvent(envelope({ sequence: 0 }))).toThrow(/sequence/);
    expect(() => parseEvent(envelope({ sequence: 1.5 }))).toThrow(/sequence/);
  });
});
