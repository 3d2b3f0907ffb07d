import { JsonValue } from '@actionhub/contracts';
import { AtlassianConnector, listOf, SendPage } from './atlassian-connector';
import { ConnectorRequest } from './connector';

/**
 * Jira Cloud REST v3, through the 3LO gateway (`api.atlassian.com/ex/jira/{cloudId}/rest/api/3`)
 * or the site (`https://<site>/rest/api/3`) for Basic credentials. Its issue search
 * (`/search/jql`; the old `/search` answers 410) continues with `nextPageToken` until `isLast`:
 * the token goes back as a query parameter (GET) or in the body (POST), and `issues` are gathered.
 */
export class JiraConnector extends AtlassianConnector {
  protected readonly paginationStyle = 'next-page-token';

  protected async gatherPages(
    _apiBaseUrl: string,
    request: ConnectorRequest,
    send: SendPage,
    maxPages: number,
  ): Promise<{ status: number; body: JsonValue }> {
    const first = await send(request);
    const issues = [...listOf(first.body, 'issues', request)];
    let last = first.body as { isLast?: unknown; nextPageToken?: unknown };
    for (let page = 1; page < maxPages; page++) {
      if (last.isLast === true || typeof last.nextPageToken !== 'string') break;
      const token = last.nextPageToken;
      const next: ConnectorRequest =
        request.method === 'GET'
          ? { ...request, query: { ...request.query, nextPageToken: token } }
          : { ...request, body: { ...(request.body as Record<string, JsonValue>), nextPageToken: token } };
      const answer = await send(next);
      issues.push(...listOf(answer.body, 'issues', request));
      last = answer.body as typeof last;
    }
    const { nextPageToken: _first, ...rest } = first.body as Record<string, JsonValue>;
    const body: Record<string, JsonValue> = { ...rest, issues, isLast: last.isLast === true };
    if (typeof last.nextPageToken === 'string' && last.isLast !== true)
      body.nextPageToken = last.nextPageToken;
    return { status: first.status, body };
  }
}
