import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import { callerOf } from '../rest/rest-auth.middleware';
import { RestRequestError } from '../rest/rest-dialect';
import { paramsOf } from '../rest/rest.middleware';
import { SandboxState } from '../state/sandbox-state';
import { linksOf } from './jira-issue.handlers';
import { parseJql, runJql } from './jira-jql';
import { issueJson } from './jira-serializers';

type Handler = (req: Request, res: Response) => void;

interface SearchInput {
  jql?: string;
  nextPageToken?: string;
  maxResults?: number;
  fields?: string[];
}

/** Jira's page size limits: 5000 ids or keys, fewer when fields are asked for (the sandbox: 100). */
const MAX_IDS = 5000;
const MAX_WITH_FIELDS = 100;

/**
 * The token is opaque to clients; inside, the query it belongs to and where the next page starts.
 * A token used with another query is refused rather than answered with the wrong page.
 */
const queryHash = (jql: string) => createHash('sha256').update(jql).digest('base64url').slice(0, 16);
const encodeToken = (jql: string, offset: number) =>
  Buffer.from(JSON.stringify({ q: queryHash(jql), o: offset })).toString('base64url');

function decodeToken(token: string, jql: string): number {
  try {
    const { q, o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      q?: unknown;
      o?: unknown;
    };
    if (q === queryHash(jql) && Number.isInteger(o) && (o as number) > 0) return o as number;
  } catch {
    // falls through to the error below
  }
  throw new RestRequestError(400, ['The nextPageToken is invalid, or belongs to another query.']);
}

/**
 * GET and POST /rest/api/3/search/jql: `{ issues, isLast, nextPageToken? }`, no total (Jira has
 * /search/approximate-count for that); only ids unless `fields` asks for more.
 */
export function jiraSearchHandlers(state: SandboxState) {
  const search =
    (from: 'query' | 'body'): Handler =>
    (req, res) => {
      const input = (from === 'query' ? paramsOf(res).query : req.body) as SearchInput;
      const jql = input.jql ?? '';
      const matched = runJql(state, callerOf(res).site.cloudId, parseJql(jql));
      const requested = input.fields?.length ? input.fields : ['id'];
      const idsOnly = requested.every((f) => f === 'id' || f === 'key');
      const limit = Math.min(Math.max(input.maxResults ?? 50, 1), idsOnly ? MAX_IDS : MAX_WITH_FIELDS);
      const offset = input.nextPageToken ? decodeToken(input.nextPageToken, jql) : 0;
      const page = matched.slice(offset, offset + limit);
      const links = linksOf(state, req, res);
      const isLast = offset + limit >= matched.length;
      res.status(200).json({
        issues: page.map((issue) => {
          if (requested.length === 1 && requested[0] === 'id') return { id: issue.id };
          return { ...issueJson(state, issue, links, requested), expand: '' };
        }),
        isLast,
        ...(isLast ? {} : { nextPageToken: encodeToken(jql, offset + limit) }),
      });
    };

  const approximateCount: Handler = (req, res) => {
    const { jql } = req.body as { jql?: string };
    res.status(200).json({ count: runJql(state, callerOf(res).site.cloudId, parseJql(jql ?? '')).length });
  };

  return { searchByQuery: search('query'), searchByBody: search('body'), approximateCount };
}
