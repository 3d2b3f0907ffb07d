/** What the sandbox remembers. Everything lives in memory: a restart is a fresh Atlassian. */

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Exact-match callback URLs, as registered in the Atlassian developer console. */
  redirectUris: string[];
}

export interface Site {
  /** The cloudId of accessible-resources and of /ex/confluence/{cloudId}. */
  cloudId: string;
  /** Short name: its Basic-auth base is `${publicUrl}/sites/${name}` (stands for https://<name>.atlassian.net). */
  name: string;
}

export interface SandboxUser {
  accountId: string;
  email: string;
  displayName: string;
  /** API token for Basic auth (email + token). */
  apiToken: string;
  /** cloudIds of the sites this user can reach. */
  siteIds: string[];
}

/** One user's consent to one client for some scopes and sites; refresh-token reuse revokes it. */
export interface Grant {
  id: string;
  clientId: string;
  accountId: string;
  scopes: string[];
  siteIds: string[];
  createdAt: number;
  revokedAt: number | null;
}

export interface AuthorizationCode {
  code: string;
  grantId: string;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
  usedAt: number | null;
  /** PKCE (RFC 7636): the challenge sent to /authorize; the exchange must bring its verifier. */
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
}

export interface AccessToken {
  token: string;
  grantId: string;
  scopes: string[];
  expiresAt: number;
  revokedAt: number | null;
}

export interface RefreshToken {
  token: string;
  grantId: string;
  issuedAt: number;
  /** Set when a refresh rotated it out; it still works for the leeway after this. */
  retiredAt: number | null;
}

export type ContentKind = 'page' | 'blogpost';

export interface Space {
  id: string;
  cloudId: string;
  key: string;
  name: string;
  type: 'global' | 'personal';
  status: 'current' | 'archived';
  homepageId: string | null;
  createdAt: string;
}

export interface Content {
  id: string;
  kind: ContentKind;
  cloudId: string;
  spaceId: string;
  title: string;
  /** `trashed`: deleted once (still purgeable); lists and reads no longer show it. */
  status: 'current' | 'draft' | 'trashed';
  parentId: string | null;
  authorId: string;
  bodyStorage: string;
  version: number;
  /** The last version's message, author and time (an update makes a new version). */
  versionMessage: string;
  versionAuthorId: string;
  versionCreatedAt: string;
  createdAt: string;
  /** Names of its global labels, lower-case, in the order they were added (REST v1 adds them). */
  labels: string[];
}

/** A footer comment on a page or a blog post (top level; replies are not served). */
export interface FooterComment {
  id: string;
  cloudId: string;
  contentId: string;
  authorId: string;
  bodyStorage: string;
  createdAt: string;
}

/**
 * A failure to answer instead of the real one, for the next `remaining` matching calls: an error
 * status (JSON as Atlassian's edge sends it, or an HTML error page), a delay before the answer
 * (the injected error, or the real answer if no status is given), or an answer that never ends.
 */
export interface InjectedFault {
  target: 'token' | 'api' | 'accessible-resources';
  status?: number;
  retryAfterSeconds?: number;
  /** Wait this long first; a client that hangs up meanwhile gets nothing, and nothing is done. */
  delayMs?: number;
  /** 200 and the headers, then a JSON body that trickles forever and never completes. */
  endless?: true;
  /** The error as an HTML page (what a proxy or CDN in front of the endpoint sends). */
  html?: true;
  /** Token faults only: answer an OAuth error body with this `error` code (any length) instead of the edge's. */
  oauthError?: string;
  /** Token faults only: just the requests of this OAuth client. */
  clientId?: string;
  remaining: number;
}

/** Jira's three status categories (To Do, In Progress, Done); every status belongs to one. */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface JiraStatus {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface JiraTransition {
  id: string;
  name: string;
  /** Status id the issue moves to. */
  to: string;
  /** Status ids it can be taken from; empty: from any status (a global transition). */
  from: string[];
}

export interface JiraIssueType {
  id: string;
  name: string;
  /** 0 for standard types, 1 for Epic. */
  hierarchyLevel: number;
}

/** A project with its issue types and its one workflow (statuses and transitions). */
export interface JiraProject {
  id: string;
  cloudId: string;
  key: string;
  name: string;
  leadAccountId: string | null;
  issueTypes: JiraIssueType[];
  statuses: JiraStatus[];
  transitions: JiraTransition[];
  /** Issue keys are `${key}-${n}`; numbers are never reused, as in Jira. */
  nextIssueNumber: number;
}

export interface JiraComment {
  id: string;
  authorId: string;
  /** Atlassian Document Format, as sent. */
  body: unknown;
  visibility: unknown;
  created: number;
  updated: number;
}

export interface JiraIssue {
  id: string;
  cloudId: string;
  projectId: string;
  key: string;
  issueTypeId: string;
  summary: string;
  /** Atlassian Document Format, or null. */
  description: unknown;
  statusId: string;
  labels: string[];
  assigneeId: string | null;
  reporterId: string;
  /** Sandbox clock, milliseconds. */
  created: number;
  updated: number;
  statusCategoryChanged: number;
  resolved: number | null;
  comments: JiraComment[];
}
