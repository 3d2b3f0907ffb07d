import { createProject } from '../jira/jira-store';
import { SandboxState } from '../state/sandbox-state';
import { registerClient, registerUser } from './admin-registry';

/**
 * What `npm start` needs to click through the 3LO flow locally: a client per action, Confluence's
 * and Jira's (ids from the env so the product's configuration can match) and a user with two sites, so the site choice is exercised.
 * Each site has Confluence's DEV and TEAM spaces and a Jira project DEV (Task, Bug, Story, Epic;
 * To Do, In Progress, Done).
 */
export function seedDevelopment(state: SandboxState, env: NodeJS.ProcessEnv = process.env): void {
  const redirectUris = (env.SANDBOX_REDIRECT_URIS || 'http://127.0.0.1:3001/v1/oauth/callback')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  registerClient(state, {
    clientId: env.SANDBOX_CLIENT_ID || 'sandbox-dev-client',
    clientSecret: env.SANDBOX_CLIENT_SECRET || 'sandbox-dev-secret',
    name: 'Actionhub (development)',
    redirectUris,
  });
  // Jira's System client is another OAuth app: the sandbox keeps one grant per (client, user), and
  // consenting to Jira's scopes with Confluence's client would replace Confluence's grant.
  registerClient(state, {
    clientId: env.SANDBOX_JIRA_CLIENT_ID || 'sandbox-jira-client',
    clientSecret: env.SANDBOX_JIRA_CLIENT_SECRET || 'sandbox-jira-secret',
    name: 'Actionhub Jira (development)',
    redirectUris,
  });
  const developer = registerUser(state, {
    email: 'developer@example.com',
    displayName: 'Developer',
    apiToken: env.SANDBOX_API_TOKEN || 'sandbox-dev-api-token',
    sites: [{ name: 'acme' }, { name: 'acme-eu' }],
  });
  for (const site of developer.sites) {
    createProject(state, {
      cloudId: site.cloudId,
      key: 'DEV',
      name: 'Development',
      leadAccountId: developer.accountId,
    });
  }
}
