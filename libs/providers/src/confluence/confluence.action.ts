import { ActionDefinition } from '../action-definition';
import { ConfluenceConnector } from '../connectors/confluence.connector';

/**
 * Confluence Cloud through REST v2, and REST v1 (`v1`) only for what v2 lacks and Atlassian still
 * serves: adding labels and CQL search. Atlassian removed v1's content API, so the classic
 * `write:confluence-content` scope of older guides is not requested: labels take the granular
 * label scopes, search the classic `search:confluence`.
 */
export const confluenceAction: ActionDefinition = {
  key: 'confluence',
  name: 'Confluence',
  description:
    'Create, read, update, delete, comment on, label and search Confluence Cloud pages and blog posts from your assistant.',
  mechanisms: ['oauth2', 'basic'],
  oauth2: {
    identityProviderName: 'Atlassian',
    authorizationUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    refreshTokenUrl: 'https://auth.atlassian.com/oauth/token',
    scopes: [
      'read:space:confluence',
      'read:page:confluence',
      'write:page:confluence',
      'delete:page:confluence',
      'write:comment:confluence',
      'read:label:confluence',
      'write:label:confluence',
      'search:confluence',
      'offline_access',
    ],
    authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    tokenRequestAuth: 'client_secret_post',
    // Atlassian's OAuth 2.0 (3LO) accepts PKCE with S256.
    pkce: true,
    accessibleResourcesUrl: 'https://api.atlassian.com/oauth/token/accessible-resources',
  },
  oauth2ApiBaseUrl: 'https://api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2',
  basicApiPath: '/wiki/api/v2',
  apiBases: { v1: '/wiki/rest/api' },
  basicCheckPath: '/spaces?limit=1',
  templateKeys: [
    'create-content',
    'get-content',
    'list-pages',
    'list-blog-posts',
    'list-spaces',
    'update-page',
    'delete-page',
    'add-footer-comment',
    'list-page-children',
    'add-label',
    'search-content',
  ],
  connector: (options) => new ConfluenceConnector(options),
};
