import { DialogEntity, DialogNode } from '@actionhub/contracts';

// Pieces several Confluence templates share. Placeholders (`{{entities.x}}`, `{{outputKey.path}}`)
// are read by the dialogs service; conditions are `<path> <op> <value>`.

export const contentTypeEntity: DialogEntity = {
  name: 'contentType',
  type: 'string',
  prompt: 'Should it be a page or a blog post?',
  required: true,
  enum: ['page', 'blogpost'],
};

export const spaceKeyEntity: DialogEntity = {
  name: 'spaceKey',
  type: 'string',
  prompt: 'Which Confluence space? Give its key, for example DEV.',
  required: true,
};

export const contentTitleEntity: DialogEntity = {
  name: 'contentTitle',
  type: 'string',
  prompt: 'What is the title?',
  required: true,
};

/** REST v2 names spaces by id; people name them by key. */
export const findSpaceNode: DialogNode = {
  id: 'findSpace',
  kind: 'service',
  name: 'Find the space by its key',
  serviceType: 'integration',
  request: { method: 'GET', path: '/spaces', query: { keys: '{{entities.spaceKey}}', limit: '1' } },
  outputKey: 'space',
};

export const spaceMissingNode: DialogNode = {
  id: 'spaceMissing',
  kind: 'message',
  template: 'There is no Confluence space with the key {{entities.spaceKey}}, or it is not visible to you.',
};

export const SPACE_MISSING = 'space.results.length == 0';
