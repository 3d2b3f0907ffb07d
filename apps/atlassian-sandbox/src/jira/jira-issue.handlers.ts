import { Request, Response } from 'express';
import { callerOf } from '../rest/rest-auth.middleware';
import { RestRequestError } from '../rest/rest-dialect';
import { paramsOf } from '../rest/rest.middleware';
import { JiraIssue } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { isAdfDocument, NOT_ADF } from './adf-document';
import { issueNotFound } from './jira-errors';
import { FieldChanges, IssueUpdateBody, readFieldChanges, Screen } from './jira-fields';
import { commentJson, issueJson, JiraLinks, transitionJson } from './jira-serializers';
import { availableTransitions, createIssue, issueByRef, moveIssue } from './jira-store';

type Handler = (req: Request, res: Response) => void;

/** The REST base the caller used (gateway or site) and the site's URL, for Jira's `self` links. */
export function linksOf(state: SandboxState, req: Request, res: Response): JiraLinks {
  return { api: `${state.publicUrl}${req.baseUrl}`, site: state.siteBaseUrl(callerOf(res).site) };
}

/** Handlers of the issue operations the templates need; every lookup stays on the caller's site. */
export function jiraIssueHandlers(state: SandboxState) {
  const issueOf = (res: Response): JiraIssue => {
    const issue = issueByRef(state, callerOf(res).site.cloudId, String(paramsOf(res).path.issueIdOrKey));
    if (!issue) throw issueNotFound();
    return issue;
  };
  const changesOf = (res: Response, body: IssueUpdateBody, screen: Screen, issue?: JiraIssue) => {
    const { changes, errors } = readFieldChanges(
      state,
      callerOf(res).site.cloudId,
      body,
      screen,
      issue?.labels,
    );
    if (Object.keys(errors).length) throw new RestRequestError(400, [], errors);
    return changes;
  };
  const apply = (issue: JiraIssue, changes: FieldChanges, authorId: string) => {
    const now = state.now();
    if (changes.summary !== undefined) issue.summary = changes.summary;
    if (changes.description !== undefined) issue.description = changes.description;
    if (changes.labels !== undefined) issue.labels = changes.labels;
    if (changes.assigneeId !== undefined) issue.assigneeId = changes.assigneeId;
    for (const body of changes.comments) {
      issue.comments.push({
        id: state.numericId(),
        authorId,
        body,
        visibility: null,
        created: now,
        updated: now,
      });
    }
    issue.updated = now;
  };

  const create: Handler = (req, res) => {
    const changes = changesOf(res, req.body as IssueUpdateBody, 'create');
    const issue = createIssue(state, {
      project: changes.project!,
      issueType: changes.issueType!,
      summary: changes.summary!,
      description: changes.description ?? null,
      labels: changes.labels ?? [],
      assigneeId: changes.assigneeId ?? null,
      reporterId: callerOf(res).accountId,
    });
    res
      .status(201)
      .json({ id: issue.id, key: issue.key, self: `${linksOf(state, req, res).api}/issue/${issue.id}` });
  };

  const get: Handler = (req, res) => {
    const issue = issueOf(res);
    const query = paramsOf(res).query;
    const fields = (query.fields as string[] | undefined) ?? ['*all'];
    const links = linksOf(state, req, res);
    const json = issueJson(state, issue, links, fields);
    if (
      String(query.expand ?? '')
        .split(',')
        .includes('transitions')
    ) {
      json.transitions = availableTransitions(state, issue).map((t) =>
        transitionJson(state, issue, t, links),
      );
    }
    res.status(200).json(json);
  };

  const edit: Handler = (req, res) => {
    const issue = issueOf(res);
    apply(issue, changesOf(res, req.body as IssueUpdateBody, 'edit', issue), callerOf(res).accountId);
    if (paramsOf(res).query.returnIssue === true) {
      return void res.status(200).json(issueJson(state, issue, linksOf(state, req, res), ['*all']));
    }
    res.status(204).end();
  };

  const remove: Handler = (_req, res) => {
    state.issues.delete(issueOf(res).id);
    res.status(204).end();
  };

  const addComment: Handler = (req, res) => {
    const issue = issueOf(res);
    const input = req.body as { body?: unknown; visibility?: unknown };
    if (input.body === undefined || input.body === null || input.body === '') {
      throw new RestRequestError(400, [], { comment: 'Comment body can not be empty!' });
    }
    if (!isAdfDocument(input.body)) throw new RestRequestError(400, [], { comment: NOT_ADF });
    const now = state.now();
    const comment = {
      id: state.numericId(),
      authorId: callerOf(res).accountId,
      body: input.body,
      visibility: input.visibility ?? null,
      created: now,
      updated: now,
    };
    issue.comments.push(comment);
    issue.updated = now;
    res.status(201).json(commentJson(state, issue, comment, linksOf(state, req, res)));
  };

  const listComments: Handler = (req, res) => {
    const issue = issueOf(res);
    const q = paramsOf(res).query;
    const startAt = typeof q.startAt === 'number' ? q.startAt : 0;
    const maxResults = typeof q.maxResults === 'number' ? Math.min(Math.max(q.maxResults, 0), 5000) : 100;
    const sorted = q.orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
    const links = linksOf(state, req, res);
    res.status(200).json({
      comments: sorted.slice(startAt, startAt + maxResults).map((c) => commentJson(state, issue, c, links)),
      maxResults,
      startAt,
      total: issue.comments.length,
    });
  };

  const listTransitions: Handler = (req, res) => {
    const issue = issueOf(res);
    const q = paramsOf(res).query;
    const available = availableTransitions(state, issue);
    const offered =
      q.includeUnavailableTransitions === true ? state.projects.get(issue.projectId)!.transitions : available;
    const links = linksOf(state, req, res);
    res.status(200).json({
      expand: 'transitions',
      transitions: offered
        .filter((t) => q.transitionId === undefined || t.id === q.transitionId)
        .map((t) => transitionJson(state, issue, t, links, available.includes(t))),
    });
  };

  const transition: Handler = (req, res) => {
    const issue = issueOf(res);
    const body = req.body as IssueUpdateBody;
    const id = body.transition?.id;
    if (id === undefined) throw new RestRequestError(400, ["Missing 'transition' identifier"]);
    const chosen = availableTransitions(state, issue).find((t) => t.id === String(id));
    if (!chosen) throw new RestRequestError(400, [`Transition id '${id}' is not valid for this issue.`]);
    // The sandbox's transitions have no screen: only `update.comment` may come along.
    const changes = changesOf(res, body, 'transition', issue);
    moveIssue(state, issue, chosen);
    apply(issue, changes, callerOf(res).accountId);
    res.status(204).end();
  };

  return { create, get, edit, remove, addComment, listComments, listTransitions, transition };
}
