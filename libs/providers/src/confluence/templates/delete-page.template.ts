import { TemplateDefinition } from '../../templates/template-definition';
import { findPageSteps, PAGE, pageTitleEntity, spaceKeyEntity } from './shared-nodes';

/** Moves a page to the space's trash (Confluence's delete; it can be restored from there). */
export const deletePageTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'delete-page',
  version: 1,
  name: 'Delete Page',
  description: "Move a page to its space's trash.",
  method: 'DELETE',
  scopes: ['read:space:confluence', 'read:page:confluence', 'delete:page:confluence'],
  dialog: (() => {
    const steps = findPageSteps('deletePage');
    return {
      name: 'Delete a Confluence page',
      description: 'Moves a Confluence page to the trash.',
      intent: { name: 'deletePage', utterances: ['Delete a Confluence page', 'Remove a Confluence page'] },
      entities: [spaceKeyEntity, pageTitleEntity],
      nodes: [
        ...steps.nodes,
        {
          id: 'deletePage',
          kind: 'service',
          name: 'Delete the page',
          serviceType: 'integration',
          request: { method: 'DELETE', path: `/pages/{{${PAGE}.id}}` },
        },
        {
          id: 'pageDeleted',
          kind: 'message',
          template: 'Moved "{{entities.pageTitle}}" to the trash of space {{entities.spaceKey}}.',
        },
      ],
      edges: [...steps.edges, { from: 'deletePage', to: 'pageDeleted' }],
    };
  })(),
};
