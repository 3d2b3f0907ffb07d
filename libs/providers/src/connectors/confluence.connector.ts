import { JsonValue } from '@actionhub/contracts';
import { AtlassianConnector, listOf, SendPage } from './atlassian-connector';
import { ConnectorError, ConnectorRequest } from './connector';
import { nextLinkOf, nextPageUrl } from './next-link';

/**
 * Confluence Cloud: REST v2 (the connection's base), and REST v1 for the operations v2 lacks (add
 * label, CQL search), named `v1` by the action. The same client serves both mechanisms: the base is
 * the 3LO gateway (`api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2`) or the site
 * (`https://<site>/wiki/api/v2`) for Basic credentials, as auth-profiles resolves it. Lists
 * continue through `_links.next` (or a `Link` header) and gather `results`.
 */
export class ConfluenceConnector extends AtlassianConnector {
  protected readonly paginationStyle = 'next-link';

  protected async gatherPages(
    apiBaseUrl: string,
    request: ConnectorRequest,
    send: SendPage,
    maxPages: number,
  ): Promise<{ status: number; body: JsonValue }> {
    const first = await send(request);
    const results = [...listOf(first.body, 'results', request)];
    let last = first;
    for (let page = 1; page < maxPages; page++) {
      const next = nextLinkOf(last.body, last.headers.get('link'));
      if (!next) break;
      let url: string;
      try {
        url = nextPageUrl(apiBaseUrl, next);
      } catch (error) {
        throw new ConnectorError('failed', (error as Error).message);
      }
      last = await send({ ...request, method: 'GET', body: undefined }, url);
      results.push(...listOf(last.body, 'results', request));
    }
    const lastLinks = (last.body as { _links?: Record<string, JsonValue> })._links ?? {};
    return {
      status: first.status,
      body: { ...(first.body as Record<string, JsonValue>), results, _links: lastLinks },
    };
  }
}
