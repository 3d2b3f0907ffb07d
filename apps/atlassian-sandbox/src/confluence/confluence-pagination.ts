import { Request, Response } from 'express';
import { RestRequestError } from '../rest/rest-dialect';

/** Opaque to clients; inside, the id of the last item served (lists are ordered by id). */
function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown })
      .after;
    if (typeof after === 'string' && /^\d+$/.test(after)) return after;
  } catch {
    // falls through to the error below
  }
  throw new RestRequestError(400, [`Invalid cursor: ${cursor}`]);
}

/**
 * Sends one page of `items` (sorted by numeric id) as `{ results, _links: { next?, base } }`.
 * `next` is relative (`/wiki/api/v2/...`, the request's own query with a new cursor) and is also
 * sent as `Link: <...>; rel="next"`; it is absent on the last page.
 */
export function sendPage<T extends { id: string }>(
  req: Request,
  res: Response,
  base: string,
  items: T[],
  query: Record<string, unknown>,
  toJson: (item: T) => unknown,
): void {
  const limit = typeof query.limit === 'number' ? query.limit : 25;
  const after = typeof query.cursor === 'string' ? BigInt(decodeCursor(query.cursor)) : -1n;
  const sorted = [...items].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const rest = sorted.filter((item) => BigInt(item.id) > after);
  const page = rest.slice(0, limit);
  const links: { next?: string; base: string } = { base };
  if (rest.length > limit) {
    const search = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    search.delete('cursor');
    search.set('cursor', encodeCursor(page[page.length - 1].id));
    links.next = `/wiki/api/v2${req.path}?${search.toString()}`;
    res.setHeader('Link', `<${links.next}>; rel="next", <${base}>; rel="base"`);
  }
  res.status(200).json({ results: page.map(toJson), _links: links });
}
