import { TemplateDefinition } from '../../templates/template-definition';
import {
  contentTitleEntity,
  contentTypeEntity,
  findSpaceNode,
  SPACE_MISSING,
  spaceKeyEntity,
  spaceMissingNode,
} from './shared-nodes';

/**
 * The seed's "Create Content": a page or a blog post, answered with a "View Content" link (the
 * site's `/wiki` base, which every REST v2 list answer carries in `_links.base`, + `_links.webui`).
 */
export const createContentTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'create-content',
  version: 1,
  name: 'Create Content',
  description: 'Create a page or a blog post in a space and answer with a "View Content" link.',
  method: 'POST',
  scopes: ['read:space:confluence', 'write:page:confluence'],
  dialog: {
    name: 'Create Confluence content',
    description: 'Creates a page or a blog post in a Confluence space.',
    intent: {
      name: 'createContent',
      utterances: [
        'Create a Confluence page',
        'Write a blog post in Confluence',
        'Create content in Confluence',
      ],
    },
    entities: [
      contentTypeEntity,
      spaceKeyEntity,
      contentTitleEntity,
      { name: 'contentBody', type: 'text', prompt: 'What should it say?', required: true },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askContentType', kind: 'entity', entity: 'contentType' },
      { id: 'askSpaceKey', kind: 'entity', entity: 'spaceKey' },
      { id: 'askContentTitle', kind: 'entity', entity: 'contentTitle' },
      { id: 'askContentBody', kind: 'entity', entity: 'contentBody' },
      {
        id: 'resolveSite',
        kind: 'service',
        name: 'Resolve the Confluence site',
        serviceType: 'integration',
        request: { method: 'GET', path: '/spaces', query: { limit: '1' } },
        outputKey: 'site',
      },
      findSpaceNode,
      spaceMissingNode,
      {
        id: 'createContent',
        kind: 'service',
        name: 'Create the page or blog post',
        serviceType: 'integration',
        request: {
          method: 'POST',
          // contentType is `page` or `blogpost`: POST /pages or POST /blogposts.
          path: '/{{entities.contentType}}s',
          body: {
            spaceId: '{{space.results.0.id}}',
            status: 'current',
            title: '{{entities.contentTitle}}',
            body: { representation: 'storage', value: '{{entities.contentBody}}' },
          },
        },
        outputKey: 'content',
      },
      {
        id: 'contentCreated',
        kind: 'message',
        template: 'Created the {{entities.contentType}} "{{content.title}}" in space {{entities.spaceKey}}.',
        links: [{ label: 'View Content', urlTemplate: '{{site._links.base}}{{content._links.webui}}' }],
      },
    ],
    edges: [
      { from: 'intent', to: 'askContentType' },
      { from: 'askContentType', to: 'askSpaceKey' },
      { from: 'askSpaceKey', to: 'askContentTitle' },
      { from: 'askContentTitle', to: 'askContentBody' },
      { from: 'askContentBody', to: 'resolveSite' },
      { from: 'resolveSite', to: 'findSpace' },
      { from: 'findSpace', to: 'spaceMissing', condition: SPACE_MISSING },
      { from: 'findSpace', to: 'createContent' },
      { from: 'createContent', to: 'contentCreated' },
    ],
  },
};
