import { JiraIssueType, JiraProject } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { isAdfDocument, NOT_ADF } from './adf-document';
import { projectByRef } from './jira-store';

/** Where fields are written: each Jira screen allows its own. */
export type Screen = 'create' | 'edit' | 'transition';

/** What an IssueUpdateDetails body (`fields` and `update`) asks to change, once checked. */
export interface FieldChanges {
  project?: JiraProject;
  issueType?: JiraIssueType;
  summary?: string;
  description?: unknown;
  labels?: string[];
  assigneeId?: string | null;
  /** ADF bodies of comments to add (`update.comment: [{ add: { body } }]`). */
  comments: unknown[];
}

export interface IssueUpdateBody {
  fields?: Record<string, unknown>;
  update?: Record<string, Record<string, unknown>[]>;
  transition?: { id?: string };
}

type Op = 'set' | 'add' | 'remove';
/** The fields the sandbox keeps, the screens that show them and the operations `update` may use. */
const WRITABLE: Record<string, { screens: Screen[]; ops: Op[] }> = {
  project: { screens: ['create'], ops: ['set'] },
  issuetype: { screens: ['create'], ops: ['set'] },
  summary: { screens: ['create', 'edit'], ops: ['set'] },
  description: { screens: ['create', 'edit'], ops: ['set'] },
  labels: { screens: ['create', 'edit'], ops: ['set', 'add', 'remove'] },
  assignee: { screens: ['create', 'edit'], ops: ['set'] },
  comment: { screens: ['edit', 'transition'], ops: ['add'] },
};

const notOnScreen = (field: string) =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

/**
 * Reads `fields` and `update` the way Jira does, into changes and Jira's per-field errors
 * (`{ summary: "You must specify a summary of the issue." }`). `labels` is the issue's current
 * labels, which `update.labels` add to and remove from.
 */
export function readFieldChanges(
  state: SandboxState,
  cloudId: string,
  body: IssueUpdateBody,
  screen: Screen,
  labels: string[] = [],
): { changes: FieldChanges; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const changes: FieldChanges = { comments: [] };
  const values = new Map<string, unknown>();
  for (const [field, value] of Object.entries(body.fields ?? {})) {
    if (!WRITABLE[field]?.screens.includes(screen) || field === 'comment') errors[field] = notOnScreen(field);
    else values.set(field, value);
  }
  let currentLabels = labels;
  for (const [field, ops] of Object.entries(body.update ?? {})) {
    const rule = WRITABLE[field];
    if (!rule?.screens.includes(screen)) errors[field] = notOnScreen(field);
    else if (values.has(field)) errors[field] = `Field '${field}' cannot be set in both fields and update.`;
    for (const op of rule && !errors[field] ? ops : []) {
      const [name, value] = Object.entries(op)[0] ?? [];
      if (!rule.ops.includes(name as Op)) {
        errors[field] = `Operation '${name}' is not supported for field '${field}'.`;
      } else if (field === 'comment') {
        changes.comments.push((value as { body?: unknown } | undefined)?.body);
      } else if (field === 'labels' && name !== 'set') {
        const label = String(value);
        currentLabels =
          name === 'add' ? [...new Set([...currentLabels, label])] : currentLabels.filter((l) => l !== label);
        values.set(field, currentLabels);
      } else values.set(field, value);
    }
  }
  readValues(state, cloudId, values, changes, errors);
  changes.comments.forEach((c) => {
    if (!isAdfDocument(c)) errors.comment = NOT_ADF;
  });
  if (screen === 'create') {
    if (!values.has('project')) errors.project ??= 'Specify a valid project ID or key';
    if (!values.has('issuetype')) errors.issuetype ??= 'Specify an issue type';
    if (!values.has('summary')) errors.summary ??= 'You must specify a summary of the issue.';
  }
  return { changes, errors };
}

function readValues(
  state: SandboxState,
  cloudId: string,
  values: Map<string, unknown>,
  changes: FieldChanges,
  errors: Record<string, string>,
): void {
  // The project first: the issue type is looked up among its types.
  const ordered = [...values].sort(([a], [b]) => Number(b === 'project') - Number(a === 'project'));
  for (const [field, value] of ordered) {
    const ref = value as { id?: unknown; key?: unknown; name?: unknown; accountId?: unknown } | null;
    switch (field) {
      case 'project':
        changes.project = projectByRef(state, cloudId, String(ref?.id ?? ref?.key ?? ''));
        if (!changes.project) errors.project = 'Specify a valid project ID or key';
        break;
      case 'issuetype':
        if (ref?.id === undefined && ref?.name === undefined) errors.issuetype = 'Specify an issue type';
        else changes.issueType = issueTypeOf(values, changes, ref);
        if (changes.project && !changes.issueType) errors.issuetype = 'The issue type selected is invalid.';
        break;
      case 'summary':
        if (typeof value !== 'string' || !value.trim())
          errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else if (/[\r\n]/.test(value))
          errors.summary = 'The summary is invalid because it contains newline characters.';
        else changes.summary = value;
        break;
      case 'description':
        if (value !== null && !isAdfDocument(value)) errors.description = NOT_ADF;
        else changes.description = value;
        break;
      case 'labels':
        if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && l.length > 0)) {
          errors.labels = 'Operation value must be an array of strings';
        } else if (value.some((l: string) => /\s/.test(l))) {
          errors.labels = `The label '${value.find((l: string) => /\s/.test(l))}' contains spaces which is invalid.`;
        } else changes.labels = [...new Set(value as string[])];
        break;
      case 'assignee':
        if (ref === null) changes.assigneeId = null;
        else if (isSiteUser(state, cloudId, ref?.accountId)) changes.assigneeId = String(ref!.accountId);
        else errors.assignee = `User '${String(ref?.accountId)}' cannot be assigned issues.`;
        break;
    }
  }
}

function issueTypeOf(
  values: Map<string, unknown>,
  changes: FieldChanges,
  ref: { id?: unknown; name?: unknown } | null,
): JiraIssueType | undefined {
  if (!values.has('project')) return undefined;
  return changes.project?.issueTypes.find((t) =>
    ref?.id !== undefined
      ? t.id === String(ref.id)
      : t.name.toLowerCase() === String(ref?.name).toLowerCase(),
  );
}

function isSiteUser(state: SandboxState, cloudId: string, accountId: unknown): boolean {
  return typeof accountId === 'string' && Boolean(state.users.get(accountId)?.siteIds.includes(cloudId));
}
