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

export const pageTitleEntity: DialogEntity = {
  name: 'pageTitle',
  type: 'string',
  prompt: 'Which page? Give its title.',
  required: true,
};

/**
 * People name a page by its space and title; REST v2 by its id. Finds the current page with that
 * title in the space found by `findSpaceNode`, with its body and version.
 */
export const findPageNode: DialogNode = {
  id: 'findPage',
  kind: 'service',
  name: 'Find the page by its title',
  serviceType: 'integration',
  request: {
    method: 'GET',
    path: '/pages',
    query: {
      'space-id': '{{space.results.0.id}}',
      title: '{{entities.pageTitle}}',
      status: 'current',
      'body-format': 'storage',
      limit: '1',
    },
  },
  outputKey: 'page',
};

export const pageMissingNode: DialogNode = {
  id: 'pageMissing',
  kind: 'message',
  template: 'There is no page titled "{{entities.pageTitle}}" in space {{entities.spaceKey}}.',
};

export const PAGE_MISSING = 'page.results.length == 0';

/** The page found by `findPageNode`. */
export const PAGE = 'page.results.0';

/** The first nodes and edges of a dialog about one page: ask, find the space, find the page. */
export function findPageSteps(firstAfterFound: string, askNodes: DialogNode[] = []) {
  const asks: DialogNode[] = [
    { id: 'askSpaceKey', kind: 'entity', entity: 'spaceKey' },
    { id: 'askPageTitle', kind: 'entity', entity: 'pageTitle' },
    ...askNodes,
  ];
  const chain = ['intent', ...asks.map((n) => n.id), 'findSpace'];
  return {
    nodes: [
      { id: 'intent', kind: 'intent' },
      ...asks,
      findSpaceNode,
      spaceMissingNode,
      findPageNode,
      pageMissingNode,
    ] as DialogNode[],
    edges: [
      ...chain.slice(1).map((to, i) => ({ from: chain[i], to })),
      { from: 'findSpace', to: 'spaceMissing', condition: SPACE_MISSING },
      { from: 'findSpace', to: 'findPage' },
      { from: 'findPage', to: 'pageMissing', condition: PAGE_MISSING },
      { from: 'findPage', to: firstAfterFound },
    ],
  };
}
