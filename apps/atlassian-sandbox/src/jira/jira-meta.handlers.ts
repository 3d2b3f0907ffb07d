import { Request, Response } from 'express';
import { callerOf } from '../rest/rest-auth.middleware';
import { RestRequestError } from '../rest/rest-dialect';
import { paramsOf } from '../rest/rest.middleware';
import { SandboxState } from '../state/sandbox-state';
import { linksOf } from './jira-issue.handlers';
import { projectJson, userJson } from './jira-serializers';
import { projectByRef } from './jira-store';

type Handler = (req: Request, res: Response) => void;

/** What a connector asks around the issue operations: who am I (the Basic check), and a project. */
export function jiraMetaHandlers(state: SandboxState) {
  const myself: Handler = (req, res) => {
    const user = state.users.get(callerOf(res).accountId);
    res.status(200).json({ ...userJson(user, linksOf(state, req, res)), locale: 'en_US' });
  };

  const project: Handler = (req, res) => {
    const ref = String(paramsOf(res).path.projectIdOrKey);
    const found = projectByRef(state, callerOf(res).site.cloudId, ref);
    if (!found) {
      throw new RestRequestError(404, [`No project could be found with key '${ref}'.`]);
    }
    res.status(200).json(projectJson(state, found, linksOf(state, req, res)));
  };

  return { myself, project };
}
