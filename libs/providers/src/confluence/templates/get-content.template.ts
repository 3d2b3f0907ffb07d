import { TemplateDefinition } from '../../templates/template-definition';
import {
  contentTitleEntity,
  contentTypeEntity,
  findSpaceNode,
  SPACE_MISSING,
  spaceKeyEntity,
  spaceMissingNode,
} from './shared-nodes';

export const getContentTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'get-content',
  version: 1,
  name: 'Get Content',
  description: 'Find a page or a blog post by its title in a space and show its body.',
  method: 'GET',
  scopes: ['read:space:confluence', 'read:page:confluence'],
  dialog: {
    name: 'Get Confluence content',
    description: 'Finds a page or a blog post by its title in a space and shows its body.',
    intent: {
      name: 'getContent',
      utterances: ['Show me a Confluence page', 'Find a blog post in Confluence', 'Read Confluence content'],
    },
    entities: [contentTypeEntity, spaceKeyEntity, contentTitleEntity],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askContentType', kind: 'entity', entity: 'contentType' },
      { id: 'askSpaceKey', kind: 'entity', entity: 'spaceKey' },
      { id: 'askContentTitle', kind: 'entity', entity: 'contentTitle' },
      findSpaceNode,
      spaceMissingNode,
      {
        id: 'findContent',
        kind: 'service',
        name: 'Find the content by its title',
        serviceType: 'integration',
        request: {
          method: 'GET',
          path: '/{{entities.contentType}}s',
          query: {
            'space-id': '{{space.results.0.id}}',
            title: '{{entities.contentTitle}}',
            'body-format': 'storage',
            limit: '1',
          },
        },
        outputKey: 'content',
      },
      {
        id: 'contentMissing',
        kind: 'message',
        template:
          'There is no {{entities.contentType}} titled "{{entities.contentTitle}}" in space {{entities.spaceKey}}.',
      },
      {
        id: 'contentFound',
        kind: 'message',
        template: '{{content.results.0.title}}\n\n{{content.results.0.body.storage.value}}',
        links: [
          { label: 'View Content', urlTemplate: '{{content._links.base}}{{content.results.0._links.webui}}' },
        ],
      },
    ],
    edges: [
      { from: 'intent', to: 'askContentType' },
      { from: 'askContentType', to: 'askSpaceKey' },
      { from: 'askSpaceKey', to: 'askContentTitle' },
      { from: 'askContentTitle', to: 'findSpace' },
      { from: 'findSpace', to: 'spaceMissing', condition: SPACE_MISSING },
      { from: 'findSpace', to: 'findContent' },
      { from: 'findContent', to: 'contentMissing', condition: 'content.results.length == 0' },
      { from: 'findContent', to: 'contentFound' },
    ],
  },
};
