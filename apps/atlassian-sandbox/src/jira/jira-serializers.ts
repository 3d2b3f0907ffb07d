import {
  JiraComment,
  JiraIssue,
  JiraIssueType,
  JiraProject,
  JiraStatus,
  JiraTransition,
  SandboxUser,
  StatusCategoryKey,
} from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { projectOf, statusOf } from './jira-store';

/**
 * Jira's JSON for what the sandbox keeps. `api` is the REST base the caller used (gateway or site,
 * `.../rest/api/3`): Jira's `self` links point back the way the call came.
 */
export interface JiraLinks {
  api: string;
  /** The site's own URL (`https://<name>.atlassian.net` on Atlassian). */
  site: string;
}

/** Jira's timestamps: milliseconds and a numeric offset, `2025-01-17T12:34:00.000+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const CATEGORIES: Record<StatusCategoryKey, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

const avatars = (base: string) =>
  Object.fromEntries(['16x16', '24x24', '32x32', '48x48'].map((size) => [size, `${base}?size=${size}`]));

export function userJson(user: SandboxUser | undefined, links: JiraLinks, accountId = user?.accountId) {
  const initials = (user?.displayName ?? '?')
    .split(/\s+/)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 2);
  return {
    self: `${links.api}/user?accountId=${encodeURIComponent(accountId ?? '')}`,
    accountId,
    ...(user ? { emailAddress: user.email } : {}),
    avatarUrls: avatars(`https://avatar-management.sandbox.invalid/initials/${initials || 'U'}.png`),
    displayName: user?.displayName ?? 'Former user',
    active: Boolean(user),
    timeZone: 'Etc/UTC',
    accountType: 'atlassian',
  };
}

export function statusJson(status: JiraStatus, links: JiraLinks) {
  const category = CATEGORIES[status.category];
  return {
    self: `${links.api}/status/${status.id}`,
    description: '',
    iconUrl: `${links.site}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: {
      self: `${links.api}/statuscategory/${category.id}`,
      id: category.id,
      key: status.category,
      colorName: category.colorName,
      name: category.name,
    },
  };
}

export function issueTypeJson(type: JiraIssueType, links: JiraLinks) {
  return {
    self: `${links.api}/issuetype/${type.id}`,
    id: type.id,
    description: '',
    iconUrl: `${links.site}/images/icons/issuetypes/${type.name.toLowerCase().replace(/\W+/g, '-')}.svg`,
    name: type.name,
    subtask: false,
    hierarchyLevel: type.hierarchyLevel,
  };
}

/** The short project of an issue's `project` field. */
export function projectRefJson(project: JiraProject, links: JiraLinks) {
  return {
    self: `${links.api}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: 'software',
    simplified: true,
    avatarUrls: avatars(`${links.site}/rest/api/3/universal_avatar/view/type/project/avatar/10400`),
  };
}

export function projectJson(state: SandboxState, project: JiraProject, links: JiraLinks) {
  const lead = project.leadAccountId ? state.users.get(project.leadAccountId) : undefined;
  return {
    ...projectRefJson(project, links),
    description: '',
    ...(lead ? { lead: userJson(lead, links) } : {}),
    components: [],
    issueTypes: project.issueTypes.map((t) => issueTypeJson(t, links)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    roles: {},
    style: 'next-gen',
    isPrivate: false,
    properties: {},
  };
}

export function commentJson(state: SandboxState, issue: JiraIssue, comment: JiraComment, links: JiraLinks) {
  const author = userJson(state.users.get(comment.authorId), links, comment.authorId);
  return {
    self: `${links.api}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author,
    body: comment.body,
    updateAuthor: author,
    created: jiraTime(comment.created),
    updated: jiraTime(comment.updated),
    ...(comment.visibility ? { visibility: comment.visibility } : {}),
    jsdPublic: true,
  };
}

export function transitionJson(
  state: SandboxState,
  issue: JiraIssue,
  transition: JiraTransition,
  links: JiraLinks,
  isAvailable = true,
) {
  const to = projectOf(state, issue).statuses.find((s) => s.id === transition.to)!;
  return {
    id: transition.id,
    name: transition.name,
    to: statusJson(to, links),
    hasScreen: false,
    isGlobal: transition.from.length === 0,
    isInitial: false,
    isAvailable,
    isConditional: false,
    isLooped: false,
  };
}

/** Every field the sandbox keeps, by Jira's field ids. */
export function issueFields(
  state: SandboxState,
  issue: JiraIssue,
  links: JiraLinks,
): Record<string, unknown> {
  const project = projectOf(state, issue);
  const user = (id: string | null) => (id ? userJson(state.users.get(id), links, id) : null);
  const comments = issue.comments.map((c) => commentJson(state, issue, c, links));
  return {
    summary: issue.summary,
    description: issue.description,
    issuetype: issueTypeJson(
      project.issueTypes.find((t) => t.id === issue.issueTypeId)!,
      links,
    ),
    project: projectRefJson(project, links),
    status: statusJson(statusOf(state, issue), links),
    labels: [...issue.labels],
    assignee: user(issue.assigneeId),
    reporter: user(issue.reporterId),
    creator: user(issue.reporterId),
    created: jiraTime(issue.created),
    updated: jiraTime(issue.updated),
    statuscategorychangedate: jiraTime(issue.statusCategoryChanged),
    resolution:
      issue.resolved === null ? null : { self: `${links.api}/resolution/10000`, id: '10000', name: 'Done' },
    resolutiondate: issue.resolved === null ? null : jiraTime(issue.resolved),
    comment: {
      self: `${links.api}/issue/${issue.id}/comment`,
      comments,
      maxResults: comments.length,
      total: comments.length,
      startAt: 0,
    },
  };
}

/** Field ids Jira treats as not navigable: `*navigable` leaves them out, `*all` includes them. */
const NOT_NAVIGABLE = new Set(['comment']);

/**
 * Which fields a `fields` list asks for: `*all`, `*navigable`, field ids, and `-id` to leave one
 * out; ids Jira does not know are ignored, as Jira ignores them.
 */
export function selectFields(requested: string[], known: string[]): string[] {
  const names = new Set<string>();
  for (const f of requested) {
    if (f === '*all') known.forEach((k) => names.add(k));
    else if (f === '*navigable') known.filter((k) => !NOT_NAVIGABLE.has(k)).forEach((k) => names.add(k));
    else if (!f.startsWith('-') && known.includes(f)) names.add(f);
  }
  for (const f of requested) if (f.startsWith('-')) names.delete(f.slice(1));
  return [...names];
}

export function issueJson(
  state: SandboxState,
  issue: JiraIssue,
  links: JiraLinks,
  requested: string[],
): Record<string, unknown> {
  const all = issueFields(state, issue, links);
  const fields = Object.fromEntries(selectFields(requested, Object.keys(all)).map((f) => [f, all[f]]));
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${links.api}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
}
