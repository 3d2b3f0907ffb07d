import { TemplateDefinition } from '../../templates/template-definition';

export const listSpacesTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'list-spaces',
  version: 1,
  name: 'List Spaces',
  description: 'List the Confluence spaces the connection can see.',
  method: 'GET',
  scopes: ['read:space:confluence'],
  dialog: {
    name: 'List Confluence spaces',
    description: 'Lists the Confluence spaces the connection can see.',
    intent: {
      name: 'listSpaces',
      utterances: ['List the Confluence spaces', 'Which spaces are in Confluence?'],
    },
    entities: [],
    nodes: [
      { id: 'intent', kind: 'intent' },
      {
        id: 'listSpaces',
        kind: 'service',
        name: 'List the spaces',
        serviceType: 'integration',
        request: { method: 'GET', path: '/spaces', query: { limit: '25' } },
        outputKey: 'spaces',
        pagination: { style: 'next-link', maxPages: 40 },
      },
      { id: 'listed', kind: 'message', template: 'You can see {{spaces.results.length}} Confluence spaces.' },
    ],
    edges: [
      { from: 'intent', to: 'listSpaces' },
      { from: 'listSpaces', to: 'listed' },
    ],
  },
};
