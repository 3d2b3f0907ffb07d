import { TemplateDefinition } from '../../templates/template-definition';
import { adfDocumentOf, issueKeyEntity, viewIssueLink, WRITE } from './shared-nodes';

export const addCommentTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'add-comment',
  version: 1,
  name: 'Add Comment',
  description: 'Add a comment to an issue.',
  method: 'POST',
  scopes: [WRITE],
  dialog: {
    name: 'Comment on a Jira issue',
    description: 'Adds a comment to a Jira issue.',
    intent: { name: 'addComment', utterances: ['Comment on a Jira issue', 'Add a comment in Jira'] },
    entities: [
      issueKeyEntity,
      { name: 'comment', type: 'text', prompt: 'What should the comment say?', required: true },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askIssueKey', kind: 'entity', entity: 'issueKey' },
      { id: 'askComment', kind: 'entity', entity: 'comment' },
      {
        id: 'addComment',
        kind: 'service',
        name: 'Add the comment',
        serviceType: 'integration',
        request: {
          method: 'POST',
          path: '/issue/{{entities.issueKey}}/comment',
          body: { body: adfDocumentOf('{{entities.comment}}') },
        },
        outputKey: 'comment',
      },
      {
        id: 'commented',
        kind: 'message',
        template: 'Added a comment to {{entities.issueKey}} as {{comment.author.displayName}}.',
        links: [viewIssueLink('{{entities.issueKey}}')],
      },
    ],
    edges: [
      { from: 'intent', to: 'askIssueKey' },
      { from: 'askIssueKey', to: 'askComment' },
      { from: 'askComment', to: 'addComment' },
      { from: 'addComment', to: 'commented' },
    ],
  },
};
