import { TemplateDefinition } from '../../templates/template-definition';
import { adfDocumentOf, issueKeyEntity, viewIssueLink, READ, SHOWN_FIELDS, WRITE } from './shared-nodes';

/** Replaces an issue's summary and description; Jira answers 204, so the issue is read back. */
export const updateIssueTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'update-issue',
  version: 1,
  name: 'Update Issue',
  description: "Change an issue's summary and description.",
  method: 'PUT',
  scopes: [READ, WRITE],
  dialog: {
    name: 'Update a Jira issue',
    description: "Changes a Jira issue's summary and description.",
    intent: { name: 'updateIssue', utterances: ['Update a Jira issue', 'Change a Jira ticket'] },
    entities: [
      issueKeyEntity,
      { name: 'summary', type: 'string', prompt: 'What should the summary be?', required: true },
      { name: 'description', type: 'text', prompt: 'What should the description say?', required: true },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askIssueKey', kind: 'entity', entity: 'issueKey' },
      { id: 'askSummary', kind: 'entity', entity: 'summary' },
      { id: 'askDescription', kind: 'entity', entity: 'description' },
      {
        id: 'updateIssue',
        kind: 'service',
        name: 'Update the issue',
        serviceType: 'integration',
        request: {
          method: 'PUT',
          path: '/issue/{{entities.issueKey}}',
          body: {
            fields: {
              summary: '{{entities.summary}}',
              description: adfDocumentOf('{{entities.description}}'),
            },
          },
        },
      },
      {
        id: 'readIssue',
        kind: 'service',
        name: 'Read the issue back',
        serviceType: 'integration',
        request: { method: 'GET', path: '/issue/{{entities.issueKey}}', query: { fields: SHOWN_FIELDS } },
        outputKey: 'issue',
      },
      {
        id: 'issueUpdated',
        kind: 'message',
        template: 'Updated {{issue.key}}: "{{issue.fields.summary}}".',
        links: [viewIssueLink('{{issue.key}}')],
      },
    ],
    edges: [
      { from: 'intent', to: 'askIssueKey' },
      { from: 'askIssueKey', to: 'askSummary' },
      { from: 'askSummary', to: 'askDescription' },
      { from: 'askDescription', to: 'updateIssue' },
      { from: 'updateIssue', to: 'readIssue' },
      { from: 'readIssue', to: 'issueUpdated' },
    ],
  },
};
