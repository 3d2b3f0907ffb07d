/**
 * The absolute URL of a `_links.next`. Atlassian's are relative: to the host for Confluence REST v2
 * (`/wiki/api/v2/...`), to the product's context for v1 (`/rest/api/...`, under `/wiki`), and for
 * 3LO calls the host is the gateway (`.../ex/confluence/{cloudId}`). Either way the link starts
 * with a tail of the API base's path, and is joined to the base there. Anything else (an absolute
 * URL, another path, `..` out of the API) is refused: a link from an answer must not send the
 * credentials somewhere else.
 */
export function nextPageUrl(apiBaseUrl: string, next: string): string {
  const base = new URL(apiBaseUrl.replace(/\/+$/, ''));
  const segments = base.pathname.split('/').filter(Boolean);
  if (next.startsWith('/') && !next.startsWith('//')) {
    // The longest tail first: `/wiki/api/v2/...` joins at the host, not at `/wiki`.
    for (let i = 0; i < segments.length; i++) {
      const tail = `/${segments.slice(i).join('/')}`;
      if (!next.startsWith(`${tail}/`) && !next.startsWith(`${tail}?`)) continue;
      const joined = `${base.origin}${segments
        .slice(0, i)
        .map((s) => `/${s}`)
        .join('')}${next}`;
      const url = new URL(joined);
      const inside = url.pathname === base.pathname || url.pathname.startsWith(`${base.pathname}/`);
      if (url.origin === base.origin && inside) return joined;
    }
  }
  throw new Error(`Refusing to follow next link ${next}`);
}

/** `_links.next` of a list answer, or the `Link: <...>; rel="next"` header. */
export function nextLinkOf(body: unknown, linkHeader: string | null): string | undefined {
  const links = (body as { _links?: { next?: unknown } } | null)?._links;
  if (typeof links?.next === 'string') return links.next;
  const match = linkHeader ? /<([^>]+)>\s*;\s*rel="next"/.exec(linkHeader) : null;
  return match?.[1];
}
