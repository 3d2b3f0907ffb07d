import { TemplateDefinition } from '../../templates/template-definition';
import { READ } from './shared-nodes';

/**
 * JQL search on `/search/jql`, following `nextPageToken` (the old `/search` with `startAt` and
 * `total` answers 410 since 2025). Without `fields` Jira answers ids only, so the summary and
 * status are asked for.
 */
export const searchIssuesTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'search-issues',
  version: 1,
  name: 'Search Issues',
  description: 'Find the issues a JQL query matches, every page of them.',
  method: 'GET',
  scopes: [READ],
  dialog: {
    name: 'Search Jira issues',
    description: 'Finds the Jira issues a JQL query matches.',
    intent: { name: 'searchIssues', utterances: ['Search Jira issues', 'Find Jira tickets with JQL'] },
    entities: [
      {
        name: 'jql',
        type: 'text',
        prompt: 'Which issues? Give a JQL query, for example project = DEV AND status = "To Do".',
        required: true,
      },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askJql', kind: 'entity', entity: 'jql' },
      {
        id: 'searchIssues',
        kind: 'service',
        name: 'Search with JQL',
        serviceType: 'integration',
        request: {
          method: 'GET',
          path: '/search/jql',
          query: { jql: '{{entities.jql}}', fields: 'summary,status', maxResults: '50' },
        },
        outputKey: 'found',
        pagination: { style: 'next-page-token', maxPages: 20 },
      },
      { id: 'noneFound', kind: 'message', template: 'No issue matches {{entities.jql}}.' },
      {
        id: 'issuesFound',
        kind: 'message',
        template:
          '{{found.issues.length}} issues match, the first being {{found.issues.0.key}} "{{found.issues.0.fields.summary}}".',
      },
    ],
    edges: [
      { from: 'intent', to: 'askJql' },
      { from: 'askJql', to: 'searchIssues' },
      { from: 'searchIssues', to: 'noneFound', condition: 'found.issues.length == 0' },
      { from: 'searchIssues', to: 'issuesFound' },
    ],
  },
};
