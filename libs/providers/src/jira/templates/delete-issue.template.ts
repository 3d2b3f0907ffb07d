import { TemplateDefinition } from '../../templates/template-definition';
import { issueKeyEntity, WRITE } from './shared-nodes';

export const deleteIssueTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'delete-issue',
  version: 1,
  name: 'Delete Issue',
  description: 'Delete an issue by its key.',
  method: 'DELETE',
  scopes: [WRITE],
  dialog: {
    name: 'Delete a Jira issue',
    description: 'Deletes a Jira issue.',
    intent: { name: 'deleteIssue', utterances: ['Delete a Jira issue', 'Remove a Jira ticket'] },
    entities: [issueKeyEntity],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askIssueKey', kind: 'entity', entity: 'issueKey' },
      {
        id: 'deleteIssue',
        kind: 'service',
        name: 'Delete the issue',
        serviceType: 'integration',
        request: { method: 'DELETE', path: '/issue/{{entities.issueKey}}' },
      },
      { id: 'deleted', kind: 'message', template: 'Deleted {{entities.issueKey}}.' },
    ],
    edges: [
      { from: 'intent', to: 'askIssueKey' },
      { from: 'askIssueKey', to: 'deleteIssue' },
      { from: 'deleteIssue', to: 'deleted' },
    ],
  },
};
