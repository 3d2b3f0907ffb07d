import { z } from 'zod';
import { ContractViolationError } from '../contract-violation.error';
import { AnyEventDefinition, EventType } from '../registry';
import { DialogDefinition } from '../schemas/dialog-definition';

export const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const sampleDialog: DialogDefinition = {
  name: 'Create content',
  intent: { name: 'createContent', utterances: ['create a page', 'write a blog post'] },
  entities: [
    {
      name: 'contentType',
      type: 'string',
      prompt: 'Page or blog post?',
      required: true,
      enum: ['page', 'blogpost'],
    },
    { name: 'contentTitle', type: 'string', prompt: 'Title?', required: true },
  ],
  nodes: [
    { id: 'intent', kind: 'intent' },
    { id: 'askType', kind: 'entity', entity: 'contentType' },
    { id: 'askTitle', kind: 'entity', entity: 'contentTitle' },
    {
      id: 'create',
      kind: 'service',
      name: 'Create content',
      serviceType: 'integration',
      request: {
        method: 'POST',
        path: '/items',
        body: { title: '{{entities.contentTitle}}', tags: ['a', 1, null] },
      },
      outputKey: 'created',
    },
    {
      id: 'done',
      kind: 'message',
      template: 'Created.',
      links: [{ label: 'View', urlTemplate: '{{created.url}}' }],
    },
  ],
  edges: [
    { from: 'intent', to: 'askType' },
    { from: 'askType', to: 'askTitle' },
    { from: 'askTitle', to: 'create' },
    { from: 'create', to: 'done', condition: 'created.status == 200' },
  ],
};

type Payloads = { [D in AnyEventDefinition as D['type']]: z.input<D['payload']> };

/** One valid payload per registered event; the mapped type fails to compile when one is missing. */
export const samplePayloads: Payloads = {
  AuthorizationCompleted: {
    authorizationId: id(1),
    connectionId: id(2),
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'end-user', endUserId: 'user-42' },
    site: { cloudId: id(3), url: 'https://example.atlassian.net', name: 'Example' },
  },
  AuthorizationFailed: {
    authorizationId: id(1),
    actionKey: 'confluence',
    subject: { type: 'app' },
    reason: 'access_denied',
  },
  ConnectionRefreshFailed: {
    connectionId: id(2),
    actionKey: 'confluence',
    subject: { type: 'app' },
    final: true,
    reason: 'invalid_grant',
  },
  ConnectionRevoked: { connectionId: id(2), actionKey: 'confluence', subject: { type: 'app' } },
  AuthProfileDeleted: { profileId: id(4) },
  ActionConfigured: {
    actionKey: 'confluence',
    configurationId: id(5),
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'custom', profileId: id(4) },
    firstTime: true,
  },
  ActionDisabled: { actionKey: 'confluence', configurationId: id(5) },
  ActionEnabled: { actionKey: 'confluence', configurationId: id(5) },
  ActionDeleted: { actionKey: 'confluence', configurationId: id(5) },
  TemplateInstalled: {
    installationId: id(6),
    actionKey: 'confluence',
    templateKey: 'create-content',
    templateVersion: 1,
    dialog: sampleDialog,
  },
  TemplateUninstalled: { installationId: id(6), actionKey: 'confluence', templateKey: 'create-content' },
  DialogTaskCreated: {
    installationId: id(6),
    dialogId: id(7),
    actionKey: 'confluence',
    templateKey: 'create-content',
  },
  DialogTaskDeleted: {
    installationId: id(6),
    dialogId: id(7),
    actionKey: 'confluence',
    templateKey: 'create-content',
  },
  DialogTaskCreationFailed: {
    installationId: id(6),
    actionKey: 'confluence',
    templateKey: 'create-content',
    reason: 'dialog already exists with another definition',
  },
};

export const samplePayload = (type: EventType) => samplePayloads[type];

/** The ContractViolationError fn throws; fails when it throws nothing or something else. */
export function catchError(fn: () => unknown): ContractViolationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error('expected a ContractViolationError');
}
