import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import { callerOf } from '../rest/rest-auth.middleware';
import { RestRequestError } from '../rest/rest-dialect';
import { Content } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { parseCql, plainText, runCql } from './confluence-cql';
import { uiLinks } from './confluence-serializers';
import { addLabelsBody, LabelCreate, problemsOf, SearchQuery, searchQuery } from './confluence-v1-schemas';

type Handler = (req: Request, res: Response) => void;

/** Characters Confluence refuses in a label name (besides whitespace). */
const LABEL_FORBIDDEN = /[:;.,?&[\]()#^*@!'`]/;
const MAX_LABEL = 255;
/** v1 search pages: 25 by default, and the sandbox's system limit. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
/** Parameters v1 documents that change what search answers, and the sandbox does not serve. */
const UNSERVED_SEARCH = ['cqlcontext', 'expand', 'excludeCurrentSpaces', 'sitePermissionTypeFilter'] as const;

/** REST v1's add-label and CQL search, scoped to the caller's site (see confluence-v1-schemas.ts). */
export function confluenceV1Handlers(state: SandboxState) {
  const base = (res: Response) => `${state.siteBaseUrl(callerOf(res).site)}/wiki`;

  /**
   * POST /content/{id}/label: adds global labels (lower-cased; one already there is kept once) and
   * answers every label the content now has.
   */
  const addLabels: Handler = (req, res) => {
    const parsed = addLabelsBody(req.body);
    if (!parsed.success) throw new RestRequestError(400, problemsOf(parsed.error, 'body'));
    const wanted = parsed.data;
    const problems = wanted.flatMap(labelProblems);
    if (problems.length) throw new RestRequestError(400, problems);
    const id = String(req.params.id);
    const content = state.contents.get(id);
    if (!content || content.cloudId !== callerOf(res).site.cloudId || content.status === 'trashed') {
      throw new RestRequestError(404, [`No content found with id: ${id}`]);
    }
    for (const { name } of wanted) {
      const label = name.toLowerCase();
      if (!content.labels.includes(label)) content.labels.push(label);
    }
    const results = content.labels.map((name) => ({
      prefix: 'global',
      name,
      id: state.labelId(content.cloudId, name),
      label: name,
    }));
    res.status(200).json({
      results,
      start: 0,
      limit: 200,
      size: results.length,
      _links: { base: base(res), context: '/wiki', self: `${base(res)}/rest/api/content/${id}/label` },
    });
  };

  /**
   * GET /search: CQL over the site's current pages and blog posts, `limit` at a time. `_links.next`
   * (relative to `_links.base`, as v1's links are) carries a cursor bound to the query.
   */
  const search: Handler = (req, res) => {
    const began = Date.now();
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) throw new RestRequestError(400, problemsOf(parsed.error, 'query'));
    const q = parsed.data;
    refuseUnserved(q);
    const matched = runCql(state, callerOf(res).site.cloudId, parseCql(q.cql));
    const limit = Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const start = q.cursor !== undefined ? decodeCursor(q.cursor, q.cql) : (q.start ?? 0);
    const page = matched.slice(start, start + limit);
    const links: Record<string, string> = {
      base: base(res),
      context: '/wiki',
      self: `${base(res)}/rest/api/search?${new URLSearchParams({ cql: q.cql })}`,
    };
    const after = start + page.length;
    if (limit > 0 && after < matched.length) {
      const next = new URLSearchParams({
        next: 'true',
        cursor: encodeCursor(q.cql, after),
        limit: String(limit),
        start: String(after),
        cql: q.cql,
      });
      links.next = `/rest/api/search?${next}`;
    }
    res.status(200).json({
      results: page.map((c) => searchResultJson(state, c, base(res), q.excerpt === 'none')),
      start,
      limit,
      size: page.length,
      totalSize: matched.length,
      cqlQuery: q.cql,
      searchDuration: Date.now() - began,
      _links: links,
    });
  };

  return { addLabels, search };
}

function labelProblems({ prefix, name }: LabelCreate): string[] {
  if (prefix !== 'global') {
    return [`The sandbox adds global labels only; prefix '${prefix}' is not supported`];
  }
  if (!name.trim()) return ['Label name must not be empty'];
  if (/\s/.test(name)) return [`Label '${name}' contains a space; label names cannot contain spaces`];
  if (LABEL_FORBIDDEN.test(name)) return [`Label '${name}' contains an invalid character`];
  if (name.length > MAX_LABEL)
    return [`Label '${name.slice(0, 20)}...' is longer than ${MAX_LABEL} characters`];
  return [];
}

function refuseUnserved(q: SearchQuery): void {
  const asked: string[] = UNSERVED_SEARCH.filter((p) => q[p] !== undefined);
  if (q.prev === 'true') asked.push('prev');
  if (q.includeArchivedSpaces === 'true') asked.push('includeArchivedSpaces');
  if (asked.length) {
    throw new RestRequestError(400, [
      `The Atlassian sandbox does not support the search parameters ${asked.join(', ')}`,
    ]);
  }
}

/** Opaque to clients; inside, the query it belongs to and where the next page starts. */
const queryHash = (cql: string) => createHash('sha256').update(cql).digest('base64url').slice(0, 16);
const encodeCursor = (cql: string, start: number) =>
  Buffer.from(JSON.stringify({ q: queryHash(cql), s: start })).toString('base64url');

function decodeCursor(cursor: string, cql: string): number {
  try {
    const { q, s } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      q?: unknown;
      s?: unknown;
    };
    if (q === queryHash(cql) && Number.isInteger(s) && (s as number) >= 0) return s as number;
  } catch {
    // falls through to the error below
  }
  throw new RestRequestError(400, ['The cursor is invalid, or belongs to another query']);
}

function searchResultJson(state: SandboxState, content: Content, base: string, noExcerpt: boolean) {
  const space = state.spaces.get(content.spaceId)!;
  const { webui, tinyui } = uiLinks(content, space);
  return {
    content: {
      id: content.id,
      type: content.kind,
      status: 'current',
      title: content.title,
      _expandable: {
        space: `/rest/api/space/${space.key}`,
        version: '',
        history: `/rest/api/content/${content.id}/history`,
      },
      _links: { webui, self: `${base}/rest/api/content/${content.id}`, tinyui },
    },
    title: content.title,
    excerpt: noExcerpt ? '' : plainText(content.bodyStorage).slice(0, 200),
    url: webui,
    resultGlobalContainer: { title: space.name, displayUrl: `/spaces/${space.key}` },
    breadcrumbs: [],
    entityType: 'content',
    iconCssClass: `aui-icon content-type-${content.kind}`,
    lastModified: content.versionCreatedAt,
    score: 0,
  };
}
