import { EventType } from '@actionhub/contracts';
import { MatchersV3 } from '@pact-foundation/pact';
import { envelopeShape, oneOf } from './event-matchers';

const { boolean, eachLike, integer, string } = MatchersV3;

// What consumers expect of each event, as examples with matchers. A consumer parses the whole
// envelope with `parseEvent` before its handler runs, so every field its schema requires is
// something the consumer needs; words it branches on are pinned to their allowed values.

const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const UUID_OR_SYSTEM = '^(system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$';

const subject = { type: oneOf(['app', 'end-user']) };
const actionRef = { actionKey: 'confluence', configurationId: id(5) };
/** The configuration's event counter: both consumers ignore an event whose sequence they already reached. */
const sequencedActionRef = { ...actionRef, sequence: integer(3) };

/**
 * `causationId` is null for events a person's request caused and the causing event's id for
 * events another event caused; Pact cannot match "string or null", so each event states which.
 */
function envelope(type: EventType, payload: Record<string, unknown>, causationId: string | null = null) {
  return envelopeShape({
    eventId: id(100),
    type,
    schemaVersion: 1,
    occurredAt: '2024-05-01T12:00:00.000Z',
    appId: APP_ID,
    correlationId: 'request-7f3a',
    causationId,
    payload,
  });
}

/** The dialog dialogs builds a task from: its intent, entities, nodes (by id and kind) and edges. */
const dialog = {
  name: string('Create content'),
  intent: { name: string('createContent'), utterances: eachLike(string('create a page')) },
  entities: eachLike({
    name: string('spaceKey'),
    type: oneOf(['string', 'text', 'number', 'boolean', 'date', 'email', 'url']),
    prompt: string('In which space?'),
    required: boolean(true),
  }),
  nodes: eachLike({ id: string('intent'), kind: oneOf(['intent', 'entity', 'service', 'message']) }),
  edges: eachLike({ from: string('intent'), to: string('intent') }),
};

export const expectedEvents: Record<EventType, () => unknown> = {
  AuthorizationCompleted: () =>
    envelope('AuthorizationCompleted', {
      authorizationId: id(1),
      connectionId: id(2),
      actionKey: 'confluence',
      profileId: MatchersV3.regex(UUID_OR_SYSTEM, 'system'),
      subject,
      site: { cloudId: id(3), url: 'https://example.atlassian.net', name: 'Example' },
    }),
  AuthorizationFailed: () =>
    envelope('AuthorizationFailed', {
      authorizationId: id(1),
      actionKey: 'confluence',
      subject,
      reason: 'access_denied',
    }),
  ConnectionRefreshFailed: () =>
    envelope('ConnectionRefreshFailed', {
      connectionId: id(2),
      actionKey: 'confluence',
      subject,
      final: true,
      reason: 'invalid_grant',
    }),
  ConnectionRevoked: () =>
    envelope('ConnectionRevoked', { connectionId: id(2), actionKey: 'confluence', subject }),
  AuthProfileDeleted: () => envelope('AuthProfileDeleted', { profileId: id(4) }),
  ActionConfigured: () =>
    envelope('ActionConfigured', {
      ...sequencedActionRef,
      authorizationType: oneOf(['pre-authorize', 'user-authorize']),
      mechanism: oneOf(['oauth2', 'basic']),
      profile: { kind: oneOf(['system', 'custom']) },
      firstTime: true,
    }),
  ActionDisabled: () => envelope('ActionDisabled', sequencedActionRef),
  ActionEnabled: () => envelope('ActionEnabled', sequencedActionRef),
  ActionDeleted: () => envelope('ActionDeleted', actionRef),
  TemplateInstalled: () =>
    envelope('TemplateInstalled', {
      installationId: id(6),
      actionKey: 'confluence',
      templateKey: 'create-content',
      templateVersion: integer(1),
      dialog,
    }),
  TemplateUninstalled: () =>
    envelope('TemplateUninstalled', {
      installationId: id(6),
      actionKey: 'confluence',
      templateKey: 'create-content',
    }),
  DialogTaskCreated: () =>
    envelope(
      'DialogTaskCreated',
      { installationId: id(6), dialogId: id(7), actionKey: 'confluence', templateKey: 'create-content' },
      id(101),
    ),
  DialogTaskDeleted: () =>
    envelope(
      'DialogTaskDeleted',
      { installationId: id(6), dialogId: id(7), actionKey: 'confluence', templateKey: 'create-content' },
      id(101),
    ),
  DialogTaskCreationFailed: () =>
    envelope(
      'DialogTaskCreationFailed',
      {
        installationId: id(6),
        actionKey: 'confluence',
        templateKey: 'create-content',
        reason: 'the dialog refers to an unknown entity',
      },
      id(101),
    ),
};
