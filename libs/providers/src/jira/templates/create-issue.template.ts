import { TemplateDefinition } from '../../templates/template-definition';
import { adfDocumentOf, READ, SHOWN_FIELDS, viewIssueLink, WRITE } from './shared-nodes';

/** Creates an issue, then reads it back so the answer shows its status as Jira set it. */
export const createIssueTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'create-issue',
  version: 1,
  name: 'Create Issue',
  description: 'Create an issue in a project: its type, summary and description.',
  method: 'POST',
  scopes: [READ, WRITE],
  dialog: {
    name: 'Create a Jira issue',
    description: 'Creates an issue in a Jira project.',
    intent: {
      name: 'createIssue',
      utterances: ['Create a Jira issue', 'Open a ticket in Jira', 'File a bug in Jira'],
    },
    entities: [
      {
        name: 'projectKey',
        type: 'string',
        prompt: 'Which Jira project? Give its key, for example DEV.',
        required: true,
      },
      {
        name: 'issueType',
        type: 'string',
        prompt: 'Which issue type, for example Task or Bug?',
        required: true,
      },
      { name: 'summary', type: 'string', prompt: 'What is the summary?', required: true },
      { name: 'description', type: 'text', prompt: 'How would you describe it?', required: true },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askProjectKey', kind: 'entity', entity: 'projectKey' },
      { id: 'askIssueType', kind: 'entity', entity: 'issueType' },
      { id: 'askSummary', kind: 'entity', entity: 'summary' },
      { id: 'askDescription', kind: 'entity', entity: 'description' },
      {
        id: 'createIssue',
        kind: 'service',
        name: 'Create the issue',
        serviceType: 'integration',
        request: {
          method: 'POST',
          path: '/issue',
          body: {
            fields: {
              project: { key: '{{entities.projectKey}}' },
              issuetype: { name: '{{entities.issueType}}' },
              summary: '{{entities.summary}}',
              description: adfDocumentOf('{{entities.description}}'),
            },
          },
        },
        outputKey: 'created',
      },
      {
        id: 'readIssue',
        kind: 'service',
        name: 'Read the new issue back',
        serviceType: 'integration',
        request: { method: 'GET', path: '/issue/{{created.key}}', query: { fields: SHOWN_FIELDS } },
        outputKey: 'issue',
      },
      {
        id: 'issueCreated',
        kind: 'message',
        template:
          'Created {{issue.key}} "{{issue.fields.summary}}" ({{issue.fields.issuetype.name}}, {{issue.fields.status.name}}).',
        links: [viewIssueLink('{{issue.key}}')],
      },
    ],
    edges: [
      { from: 'intent', to: 'askProjectKey' },
      { from: 'askProjectKey', to: 'askIssueType' },
      { from: 'askIssueType', to: 'askSummary' },
      { from: 'askSummary', to: 'askDescription' },
      { from: 'askDescription', to: 'createIssue' },
      { from: 'createIssue', to: 'readIssue' },
      { from: 'readIssue', to: 'issueCreated' },
    ],
  },
};
