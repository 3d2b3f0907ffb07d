import { TemplateDefinition } from '../../templates/template-definition';
import { findSpaceNode, SPACE_MISSING, spaceKeyEntity, spaceMissingNode } from './shared-nodes';

/** Lists every page or blog post of a space, following REST v2's cursor pagination. */
export function listSpaceContentTemplate(kind: 'pages' | 'blogposts'): TemplateDefinition {
  const pages = kind === 'pages';
  const noun = pages ? 'pages' : 'blog posts';
  return {
    actionKey: 'confluence',
    key: pages ? 'list-pages' : 'list-blog-posts',
    version: 1,
    name: pages ? 'List Pages' : 'List Blog Posts',
    description: `List the ${noun} of a space, a page at a time.`,
    method: 'GET',
    scopes: ['read:space:confluence', 'read:page:confluence'],
    dialog: {
      name: `List Confluence ${noun}`,
      description: `Lists the ${noun} of a Confluence space.`,
      intent: {
        name: pages ? 'listPages' : 'listBlogPosts',
        utterances: [`List the ${noun} in a Confluence space`, `Which ${noun} are in Confluence?`],
      },
      entities: [spaceKeyEntity],
      nodes: [
        { id: 'intent', kind: 'intent' },
        { id: 'askSpaceKey', kind: 'entity', entity: 'spaceKey' },
        findSpaceNode,
        spaceMissingNode,
        {
          id: 'listContent',
          kind: 'service',
          name: `List the ${noun} of the space`,
          serviceType: 'integration',
          request: { method: 'GET', path: `/spaces/{{space.results.0.id}}/${kind}`, query: { limit: '25' } },
          outputKey: 'items',
          pagination: { style: 'next-link', maxPages: 40 },
        },
        {
          id: 'listed',
          kind: 'message',
          template: `Space {{entities.spaceKey}} has {{items.results.length}} ${noun}.`,
          links: [{ label: 'Open Space', urlTemplate: '{{space._links.base}}/spaces/{{entities.spaceKey}}' }],
        },
      ],
      edges: [
        { from: 'intent', to: 'askSpaceKey' },
        { from: 'askSpaceKey', to: 'findSpace' },
        { from: 'findSpace', to: 'spaceMissing', condition: SPACE_MISSING },
        { from: 'findSpace', to: 'listContent' },
        { from: 'listContent', to: 'listed' },
      ],
    },
  };
}

export const listPagesTemplate = listSpaceContentTemplate('pages');
export const listBlogPostsTemplate = listSpaceContentTemplate('blogposts');
