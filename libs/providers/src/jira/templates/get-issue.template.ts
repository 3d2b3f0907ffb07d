import { TemplateDefinition } from '../../templates/template-definition';
import { issueKeyEntity, READ, SHOWN_FIELDS, viewIssueLink } from './shared-nodes';

export const getIssueTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'get-issue',
  version: 1,
  name: 'Get Issue',
  description: 'Show an issue by its key: summary, type, status and assignee.',
  method: 'GET',
  scopes: [READ],
  dialog: {
    name: 'Get a Jira issue',
    description: 'Shows a Jira issue by its key.',
    intent: {
      name: 'getIssue',
      utterances: ['Show me a Jira issue', 'What is the status of a Jira ticket?'],
    },
    entities: [issueKeyEntity],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askIssueKey', kind: 'entity', entity: 'issueKey' },
      {
        id: 'getIssue',
        kind: 'service',
        name: 'Read the issue',
        serviceType: 'integration',
        request: { method: 'GET', path: '/issue/{{entities.issueKey}}', query: { fields: SHOWN_FIELDS } },
        outputKey: 'issue',
      },
      {
        id: 'unassigned',
        kind: 'message',
        template:
          '{{issue.key}}: {{issue.fields.summary}} ({{issue.fields.issuetype.name}}, {{issue.fields.status.name}}, unassigned).',
        links: [viewIssueLink('{{issue.key}}')],
      },
      {
        id: 'issueFound',
        kind: 'message',
        template:
          '{{issue.key}}: {{issue.fields.summary}} ({{issue.fields.issuetype.name}}, {{issue.fields.status.name}}, assigned to {{issue.fields.assignee.displayName}}).',
        links: [viewIssueLink('{{issue.key}}')],
      },
    ],
    edges: [
      { from: 'intent', to: 'askIssueKey' },
      { from: 'askIssueKey', to: 'getIssue' },
      { from: 'getIssue', to: 'unassigned', condition: 'issue.fields.assignee == null' },
      { from: 'getIssue', to: 'issueFound' },
    ],
  },
};
