import { TemplateDefinition } from '../../templates/template-definition';
import { findPageSteps, PAGE, pageTitleEntity, spaceKeyEntity } from './shared-nodes';

/**
 * Replaces a page's body. Confluence takes an update only with the current version plus one, so
 * the page is read first; when someone saved it in between, Confluence answers 409 and the dialog
 * says so instead of overwriting their change.
 */
export const updatePageTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'update-page',
  version: 1,
  name: 'Update Page',
  description: "Replace a page's content; a page changed meanwhile is not overwritten.",
  method: 'PUT',
  scopes: ['read:space:confluence', 'read:page:confluence', 'write:page:confluence'],
  dialog: (() => {
    const steps = findPageSteps('updatePage', [{ id: 'askPageBody', kind: 'entity', entity: 'pageBody' }]);
    return {
      name: 'Update a Confluence page',
      description: "Replaces a Confluence page's content.",
      intent: { name: 'updatePage', utterances: ['Update a Confluence page', 'Change a Confluence page'] },
      entities: [
        spaceKeyEntity,
        pageTitleEntity,
        { name: 'pageBody', type: 'text', prompt: 'What should the page say now?', required: true },
      ],
      nodes: [
        ...steps.nodes,
        {
          id: 'updatePage',
          kind: 'service',
          name: 'Save the new version of the page',
          serviceType: 'integration',
          request: {
            method: 'PUT',
            path: `/pages/{{${PAGE}.id}}`,
            body: {
              id: `{{${PAGE}.id}}`,
              status: 'current',
              title: `{{${PAGE}.title}}`,
              body: { representation: 'storage', value: '{{entities.pageBody}}' },
              version: { number: `{{${PAGE}.version.number + 1}}`, message: 'Updated from the assistant' },
            },
          },
          outputKey: 'updated',
          onRejected: [{ status: 409, to: 'pageChanged' }],
        },
        {
          id: 'pageChanged',
          kind: 'message',
          template:
            'The page "{{entities.pageTitle}}" was changed by someone else meanwhile, so it was not updated. Ask again to update its latest version.',
        },
        {
          id: 'pageUpdated',
          kind: 'message',
          template: 'Updated "{{updated.title}}" to version {{updated.version.number}}.',
          links: [{ label: 'View Content', urlTemplate: '{{updated._links.base}}{{updated._links.webui}}' }],
        },
      ],
      edges: [...steps.edges, { from: 'updatePage', to: 'pageUpdated' }],
    };
  })(),
};
