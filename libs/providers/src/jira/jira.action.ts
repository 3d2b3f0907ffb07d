import { ActionDefinition } from '../action-definition';
import { JiraConnector } from '../connectors/jira.connector';

/**
 * Jira Cloud through REST v3, on the same Atlassian connection model as Confluence: 3LO tokens
 * reach a site by its cloudId through the gateway, Basic credentials reach the site itself. The
 * classic scopes cover issues, search, comments and transitions; `read:jira-user` lets `/myself`
 * check who the credentials belong to.
 */
export const jiraAction: ActionDefinition = {
  key: 'jira',
  name: 'Jira',
  description: 'Create, find, update, comment on and move Jira Cloud issues from your assistant.',
  mechanisms: ['oauth2', 'basic'],
  oauth2: {
    identityProviderName: 'Atlassian',
    authorizationUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    refreshTokenUrl: 'https://auth.atlassian.com/oauth/token',
    scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'],
    authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    tokenRequestAuth: 'client_secret_post',
    // Atlassian's OAuth 2.0 (3LO) accepts PKCE with S256.
    pkce: true,
    accessibleResourcesUrl: 'https://api.atlassian.com/oauth/token/accessible-resources',
  },
  oauth2ApiBaseUrl: 'https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3',
  basicApiPath: '/rest/api/3',
  basicCheckPath: '/myself',
  templateKeys: [
    'create-issue',
    'get-issue',
    'search-issues',
    'update-issue',
    'add-comment',
    'transition-issue',
    'delete-issue',
  ],
  connector: (options) => new JiraConnector(options),
};
