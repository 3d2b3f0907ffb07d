import {
  JiraIssue,
  JiraIssueType,
  JiraProject,
  JiraStatus,
  JiraTransition,
  StatusCategoryKey,
} from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

/** Jira's rule for project keys (the default pattern of a Jira Cloud site). */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;

export interface NewProject {
  cloudId: string;
  key: string;
  name: string;
  leadAccountId?: string | null;
  /** Default: Task, Bug, Story and Epic. */
  issueTypes?: string[];
  /** Default: To Do, In Progress, Done (a team-managed project's workflow). The first is where issues start. */
  statuses?: { name: string; category: StatusCategoryKey }[];
  /** Default: one transition to each status, from any status, named after it (ids 11, 21, 31, ...). */
  transitions?: { name: string; to: string; from?: string[] }[];
}

/** A project that cannot be created as asked (the admin API answers 400 or 409). */
export class ProjectDefinitionError extends Error {
  constructor(
    message: string,
    readonly conflict = false,
  ) {
    super(message);
  }
}

const DEFAULT_STATUSES: NewProject['statuses'] = [
  { name: 'To Do', category: 'new' },
  { name: 'In Progress', category: 'indeterminate' },
  { name: 'Done', category: 'done' },
];

export function createProject(state: SandboxState, input: NewProject): JiraProject {
  if (!state.sites.has(input.cloudId))
    throw new ProjectDefinitionError(`no site has cloudId ${input.cloudId}`);
  if (!PROJECT_KEY.test(input.key)) {
    throw new ProjectDefinitionError(
      `project key ${input.key} must be an upper-case letter then 1 to 9 upper-case letters, digits or _`,
    );
  }
  if (projectByRef(state, input.cloudId, input.key)) {
    throw new ProjectDefinitionError(`project ${input.key} already exists on this site`, true);
  }
  const statuses: JiraStatus[] = unique(input.statuses ?? DEFAULT_STATUSES!, 'status').map((s) => ({
    id: state.numericId(),
    ...s,
  }));
  const statusId = (name: string) => {
    const status = statuses.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!status) throw new ProjectDefinitionError(`transition names status "${name}", which is not declared`);
    return status.id;
  };
  const declared: NonNullable<NewProject['transitions']> =
    input.transitions ?? statuses.map((s) => ({ name: s.name, to: s.name }));
  const transitions: JiraTransition[] = unique(declared, 'transition').map((t, i) => ({
    id: String(11 + 10 * i),
    name: t.name,
    to: statusId(t.to),
    from: (t.from ?? []).map(statusId),
  }));
  const issueTypes: JiraIssueType[] = unique(
    (input.issueTypes ?? ['Task', 'Bug', 'Story', 'Epic']).map((name) => ({ name })),
    'issue type',
  ).map((t) => ({ id: state.numericId(), name: t.name, hierarchyLevel: t.name === 'Epic' ? 1 : 0 }));
  const project: JiraProject = {
    id: state.numericId(),
    cloudId: input.cloudId,
    key: input.key,
    name: input.name,
    leadAccountId: input.leadAccountId ?? null,
    issueTypes,
    statuses,
    transitions,
    nextIssueNumber: 1,
  };
  state.projects.set(project.id, project);
  return project;
}

function unique<T extends { name: string }>(items: T[], what: string): T[] {
  if (items.length === 0) throw new ProjectDefinitionError(`a project needs at least one ${what}`);
  const names = items.map((i) => i.name.toLowerCase());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ProjectDefinitionError(`${what} "${twice}" is declared twice`);
  return items;
}

/** A project of one site by id or key (keys compare case-insensitively, as Jira's do). */
export function projectByRef(state: SandboxState, cloudId: string, ref: string): JiraProject | undefined {
  return [...state.projects.values()].find(
    (p) => p.cloudId === cloudId && (p.id === ref || p.key === ref.toUpperCase()),
  );
}

/** An issue of one site by id or key; an issue of another site is not found. */
export function issueByRef(state: SandboxState, cloudId: string, ref: string): JiraIssue | undefined {
  const byId = state.issues.get(ref);
  if (byId) return byId.cloudId === cloudId ? byId : undefined;
  const key = ref.toUpperCase();
  return [...state.issues.values()].find((i) => i.cloudId === cloudId && i.key === key);
}

export interface NewIssue {
  project: JiraProject;
  issueType: JiraIssueType;
  summary: string;
  description: unknown;
  labels: string[];
  assigneeId: string | null;
  reporterId: string;
}

export function createIssue(state: SandboxState, input: NewIssue): JiraIssue {
  const now = state.now();
  const issue: JiraIssue = {
    id: state.numericId(),
    cloudId: input.project.cloudId,
    projectId: input.project.id,
    key: `${input.project.key}-${input.project.nextIssueNumber++}`,
    issueTypeId: input.issueType.id,
    summary: input.summary,
    description: input.description,
    statusId: input.project.statuses[0].id,
    labels: input.labels,
    assigneeId: input.assigneeId,
    reporterId: input.reporterId,
    created: now,
    updated: now,
    statusCategoryChanged: now,
    resolved: null,
    comments: [],
  };
  state.issues.set(issue.id, issue);
  return issue;
}

export function projectOf(state: SandboxState, issue: JiraIssue): JiraProject {
  return state.projects.get(issue.projectId)!;
}

export function statusOf(state: SandboxState, issue: JiraIssue): JiraStatus {
  return projectOf(state, issue).statuses.find((s) => s.id === issue.statusId)!;
}

/** The transitions the issue's workflow offers from its current status. */
export function availableTransitions(state: SandboxState, issue: JiraIssue): JiraTransition[] {
  return projectOf(state, issue).transitions.filter(
    (t) => t.from.length === 0 || t.from.includes(issue.statusId),
  );
}

/** Moves the issue; entering the Done category resolves it, leaving it unresolves it. */
export function moveIssue(state: SandboxState, issue: JiraIssue, transition: JiraTransition): void {
  const project = projectOf(state, issue);
  const before = statusOf(state, issue).category;
  const after = project.statuses.find((s) => s.id === transition.to)!.category;
  const now = state.now();
  issue.statusId = transition.to;
  issue.updated = now;
  if (before !== after) issue.statusCategoryChanged = now;
  if (after === 'done' && before !== 'done') issue.resolved = now;
  if (after !== 'done') issue.resolved = null;
}
