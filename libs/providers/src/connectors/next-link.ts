const API_PATH = '/wiki/api/v2';

/**
 * The absolute URL of a REST v2 `_links.next`. It is relative to the host (`/wiki/api/v2/...`),
 * and for 3LO calls the host is the gateway (`.../ex/confluence/{cloudId}`), so it is prefixed with
 * the API base minus its `/wiki/api/v2`. Anything else (an absolute URL, another path) is refused:
 * a link from an answer must not send the credentials somewhere else.
 */
export function nextPageUrl(apiBaseUrl: string, next: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  if (!base.endsWith(API_PATH)) throw new Error(`API base ${base} does not end with ${API_PATH}`);
  if (!next.startsWith(`${API_PATH}/`)) throw new Error(`Refusing to follow next link ${next}`);
  return `${base.slice(0, -API_PATH.length)}${next}`;
}

/** `_links.next` of a REST v2 list answer, or the `Link: <...>; rel="next"` header. */
export function nextLinkOf(body: unknown, linkHeader: string | null): string | undefined {
  const links = (body as { _links?: { next?: unknown } } | null)?._links;
  if (typeof links?.next === 'string') return links.next;
  const match = linkHeader ? /<([^>]+)>\s*;\s*rel="next"/.exec(linkHeader) : null;
  return match?.[1];
}
