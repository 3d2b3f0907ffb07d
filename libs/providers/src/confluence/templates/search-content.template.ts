import { TemplateDefinition } from '../../templates/template-definition';

const FOUND = 'found.results';

/**
 * CQL search. REST v2 has no search, so this calls REST v1 (`GET /wiki/rest/api/search`, the
 * action's `v1` API), following `_links.next` for a few pages (at most 100 results gathered), and
 * answers how many results Confluence counts (`totalSize`) and the first titles. CQL Confluence
 * cannot run is a 400, which the dialog answers instead of failing.
 */
export const searchContentTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'search-content',
  version: 1,
  name: 'Search Content',
  description: 'Find pages and blog posts with a CQL query, and name the first ones.',
  method: 'GET',
  scopes: ['search:confluence'],
  dialog: {
    name: 'Search Confluence with CQL',
    description: 'Finds Confluence content with a CQL query.',
    intent: {
      name: 'searchContent',
      utterances: ['Search Confluence', 'Find Confluence pages with CQL'],
    },
    entities: [
      {
        name: 'cql',
        type: 'text',
        prompt:
          'What should I look for? Give a CQL query, for example type = page AND space = DEV AND title ~ "roadmap".',
        required: true,
      },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askCql', kind: 'entity', entity: 'cql' },
      {
        id: 'search',
        kind: 'service',
        name: 'Search with CQL (REST v1)',
        serviceType: 'integration',
        request: {
          method: 'GET',
          api: 'v1',
          path: '/search',
          query: { cql: '{{entities.cql}}', limit: '25' },
        },
        outputKey: 'found',
        pagination: { style: 'next-link', maxPages: 4 },
        onRejected: [{ status: 400, to: 'cqlRefused' }],
      },
      {
        id: 'cqlRefused',
        kind: 'message',
        template:
          'Confluence could not run the CQL query {{entities.cql}}. Check its syntax and field names, then ask again.',
      },
      { id: 'noneFound', kind: 'message', template: 'No Confluence content matches {{entities.cql}}.' },
      {
        id: 'oneFound',
        kind: 'message',
        template: `One result matches: "{{${FOUND}.0.title}}".`,
        links: [{ label: 'View Content', urlTemplate: `{{found._links.base}}{{${FOUND}.0.url}}` }],
      },
      {
        id: 'twoFound',
        kind: 'message',
        template: `{{found.totalSize}} results match: "{{${FOUND}.0.title}}" and "{{${FOUND}.1.title}}".`,
        links: [{ label: 'View Content', urlTemplate: `{{found._links.base}}{{${FOUND}.0.url}}` }],
      },
      {
        id: 'manyFound',
        kind: 'message',
        template: `{{found.totalSize}} results match, the first being "{{${FOUND}.0.title}}", "{{${FOUND}.1.title}}" and "{{${FOUND}.2.title}}".`,
        links: [{ label: 'View Content', urlTemplate: `{{found._links.base}}{{${FOUND}.0.url}}` }],
      },
    ],
    edges: [
      { from: 'intent', to: 'askCql' },
      { from: 'askCql', to: 'search' },
      { from: 'search', to: 'noneFound', condition: `${FOUND}.length == 0` },
      { from: 'search', to: 'oneFound', condition: `${FOUND}.length == 1` },
      { from: 'search', to: 'twoFound', condition: `${FOUND}.length == 2` },
      { from: 'search', to: 'manyFound' },
    ],
  },
};
