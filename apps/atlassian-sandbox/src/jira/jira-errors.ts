import { RestDialect, RestRequestError } from '../rest/rest-dialect';

/** Jira REST v3's error body: `{ errorMessages: [...], errors: { field: message } }`. */
export const JIRA_V3: RestDialect = {
  api: 'jira',
  documentPrefix: '/rest/api/3',
  realm: 'Jira',
  sendError: (res, status, errorMessages, errors = {}) => {
    res.status(status).json({ errorMessages, errors });
  },
};

/** Jira's answer for an issue that does not exist, is on another site, or may not be seen. */
export const issueNotFound = () =>
  new RestRequestError(404, ['Issue does not exist or you do not have permission to see it.']);
