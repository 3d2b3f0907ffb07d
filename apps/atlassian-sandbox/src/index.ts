export { startSandbox, createSandboxApp, RunningSandbox, SandboxOptions } from './sandbox-server';
export { SandboxState, SandboxCounters } from './state/sandbox-state';
export * from './state/sandbox-model';
export { authenticateBearer, BearerAuthResult } from './oauth/bearer-auth';
export {
  ensureDefaultSpaces,
  createSpace,
  createContent,
  spaceByKey,
  NewSpace,
  NewContent,
} from './confluence/confluence-store';
export { createProject, NewProject } from './jira/jira-store';
export { OpenApiValidator, openApiValidator } from './openapi/openapi-validator';
export { mountOAuthRoutes, OAuthPaths, DEFAULT_OAUTH_PATHS } from './oauth/oauth.routes';
export { TokenResponse } from './oauth/oauth-grants';
export { seedDevelopment } from './admin/seed';
export { registerClient, registerUser, NewClient, NewUser, RegisteredUser } from './admin/admin-registry';
// Drivers for tests: the browser's leg of the consent flow, and tokens over HTTP.
export {
  consent,
  land,
  ConsentBrowser,
  ConsentChoice,
  defaultBrowser,
  Landing,
} from './testing/consent-browser';
export { SandboxOAuth, SandboxTokens, CONFLUENCE_SCOPES, JIRA_SCOPES } from './testing/sandbox-oauth';
