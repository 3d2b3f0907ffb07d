import { TemplateDefinition } from '../../templates/template-definition';
import { findPageSteps, PAGE, pageTitleEntity, spaceKeyEntity } from './shared-nodes';

/** The pages directly under a page, every page of REST v2's cursor pagination. */
export const listPageChildrenTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'list-page-children',
  version: 1,
  name: 'List Page Children',
  description: 'List the pages directly under a page.',
  method: 'GET',
  scopes: ['read:space:confluence', 'read:page:confluence'],
  dialog: (() => {
    const steps = findPageSteps('listChildren');
    return {
      name: 'List the child pages of a Confluence page',
      description: 'Lists the pages directly under a Confluence page.',
      intent: {
        name: 'listPageChildren',
        utterances: ['List the child pages of a Confluence page', 'Which pages are under this page?'],
      },
      entities: [spaceKeyEntity, pageTitleEntity],
      nodes: [
        ...steps.nodes,
        {
          id: 'listChildren',
          kind: 'service',
          name: 'List the child pages',
          serviceType: 'integration',
          request: { method: 'GET', path: `/pages/{{${PAGE}.id}}/children`, query: { limit: '25' } },
          outputKey: 'children',
          pagination: { style: 'next-link', maxPages: 40 },
        },
        { id: 'noChildren', kind: 'message', template: '"{{entities.pageTitle}}" has no child pages.' },
        {
          id: 'childrenListed',
          kind: 'message',
          template:
            '"{{entities.pageTitle}}" has {{children.results.length}} child pages, the first being "{{children.results.0.title}}".',
        },
      ],
      edges: [
        ...steps.edges,
        { from: 'listChildren', to: 'noChildren', condition: 'children.results.length == 0' },
        { from: 'listChildren', to: 'childrenListed' },
      ],
    };
  })(),
};
