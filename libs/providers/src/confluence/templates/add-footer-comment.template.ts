import { TemplateDefinition } from '../../templates/template-definition';
import { findPageSteps, PAGE, pageTitleEntity, spaceKeyEntity } from './shared-nodes';

export const addFooterCommentTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'add-footer-comment',
  version: 1,
  name: 'Add Footer Comment',
  description: 'Comment at the bottom of a page.',
  method: 'POST',
  scopes: ['read:space:confluence', 'read:page:confluence', 'write:comment:confluence'],
  dialog: (() => {
    const steps = findPageSteps('addComment', [
      { id: 'askCommentBody', kind: 'entity', entity: 'commentBody' },
    ]);
    return {
      name: 'Comment on a Confluence page',
      description: 'Adds a footer comment to a Confluence page.',
      intent: {
        name: 'addFooterComment',
        utterances: ['Comment on a Confluence page', 'Add a comment to a Confluence page'],
      },
      entities: [
        spaceKeyEntity,
        pageTitleEntity,
        { name: 'commentBody', type: 'text', prompt: 'What should the comment say?', required: true },
      ],
      nodes: [
        ...steps.nodes,
        {
          id: 'addComment',
          kind: 'service',
          name: 'Add the footer comment',
          serviceType: 'integration',
          request: {
            method: 'POST',
            path: '/footer-comments',
            body: {
              pageId: `{{${PAGE}.id}}`,
              body: { representation: 'storage', value: '{{entities.commentBody}}' },
            },
          },
          outputKey: 'comment',
        },
        {
          id: 'commented',
          kind: 'message',
          template: 'Commented on "{{entities.pageTitle}}".',
          links: [{ label: 'View Comment', urlTemplate: '{{comment._links.base}}{{comment._links.webui}}' }],
        },
      ],
      edges: [...steps.edges, { from: 'addComment', to: 'commented' }],
    };
  })(),
};
