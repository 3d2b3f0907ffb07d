import { Request, Response } from 'express';
import { ContentKind, Space } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { callerOf } from '../rest/rest-auth.middleware';
import { paramsOf } from '../rest/rest.middleware';
import { sendV2Error } from './confluence-errors';
import { sendPage } from './confluence-pagination';
import { BodyFormat, contentJson, spaceJson } from './confluence-serializers';
import { BodyInput, bodyProblems, sameTitle, storageValue } from './confluence-bodies';
import { createContent } from './confluence-store';

type Handler = (req: Request, res: Response) => void;
const asStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

/** Handlers of the REST v2 operations the templates need; all scoped to the caller's site. */
export function confluenceHandlers(state: SandboxState) {
  const base = (res: Response) => `${state.siteBaseUrl(callerOf(res).site)}/wiki`;
  const spaceOf = (res: Response, id: unknown): Space | undefined => {
    const space = state.spaces.get(String(id));
    return space && space.cloudId === callerOf(res).site.cloudId ? space : undefined;
  };

  const listSpaces: Handler = (req, res) => {
    const q = paramsOf(res).query;
    const [ids, keys, types, statuses] = [q.ids, q.keys, q.type, q.status].map(asStrings);
    const spaces = [...state.spaces.values()].filter(
      (s) =>
        s.cloudId === callerOf(res).site.cloudId &&
        (!ids || ids.includes(s.id)) &&
        (!keys || keys.includes(s.key)) &&
        (!types || types.includes(s.type)) &&
        (!statuses || statuses.includes(s.status)),
    );
    sendPage(req, res, base(res), spaces, q, (s) => spaceJson(s));
  };

  const getSpace: Handler = (_req, res) => {
    const space = spaceOf(res, paramsOf(res).path.id);
    if (!space) return sendV2Error(res, 404, 'Space not found');
    res.status(200).json(spaceJson(space, base(res)));
  };

  /** GET /pages, /blogposts and (with a space) /spaces/{id}/pages, /spaces/{id}/blogposts. */
  const listContent =
    (kind: ContentKind, inSpace: boolean): Handler =>
    (req, res) => {
      const { path, query: q } = paramsOf(res);
      const space = inSpace ? spaceOf(res, path.id) : undefined;
      if (inSpace && !space) return sendV2Error(res, 404, 'Space not found');
      const ids = asStrings(q.id);
      const spaceIds = space ? [space.id] : asStrings(q['space-id']);
      const statuses = asStrings(q.status) ?? ['current', 'archived'];
      const items = [...state.contents.values()].filter(
        (c) =>
          c.kind === kind &&
          c.cloudId === callerOf(res).site.cloudId &&
          (!ids || ids.includes(c.id)) &&
          (!spaceIds || spaceIds.includes(c.spaceId)) &&
          statuses.includes(c.status) &&
          (q.title === undefined || c.title === q.title),
      );
      const format = q['body-format'] as BodyFormat;
      sendPage(req, res, base(res), items, q, (c) => contentJson(c, state.spaces.get(c.spaceId)!, format));
    };

  const getContent =
    (kind: ContentKind): Handler =>
    (_req, res) => {
      const { path, query } = paramsOf(res);
      const content = state.contents.get(String(path.id));
      // A trashed page is read only when asked for by status, as Confluence does.
      const statuses = asStrings(query.status) ?? ['current', 'archived', 'draft'];
      if (
        !content ||
        content.kind !== kind ||
        content.cloudId !== callerOf(res).site.cloudId ||
        !statuses.includes(content.status)
      ) {
        return sendV2Error(res, 404, `${kind === 'page' ? 'Page' : 'Blog post'} not found`);
      }
      const space = state.spaces.get(content.spaceId)!;
      res.status(200).json(contentJson(content, space, query['body-format'] as BodyFormat, base(res)));
    };

  const create =
    (kind: ContentKind): Handler =>
    (req, res) => {
      const input = req.body as CreateBody;
      const problems = createProblems(input);
      if (problems.length) return sendV2Error(res, 400, ...problems);
      const space = spaceOf(res, input.spaceId);
      if (!space) return sendV2Error(res, 404, `Space ${input.spaceId} not found or not visible`);
      const status = input.status ?? 'current';
      const title = input.title ?? '';
      let parentId: string | null = null;
      if (kind === 'page') {
        const rootLevel = paramsOf(res).query['root-level'] === true;
        if (rootLevel && input.parentId)
          return sendV2Error(res, 400, 'parentId cannot be set with root-level=true');
        parentId = input.parentId ?? (rootLevel ? null : space.homepageId);
        const parent = parentId ? state.contents.get(parentId) : undefined;
        if (
          parentId &&
          (parent?.kind !== 'page' || parent.spaceId !== space.id || parent.status === 'trashed')
        ) {
          return sendV2Error(res, 400, `Parent page ${parentId} does not exist in space ${space.key}`);
        }
        if (status === 'current' && sameTitle(state.contents.values(), space, title)) {
          return sendV2Error(
            res,
            400,
            'A page with this title already exists: A page already exists with the same TITLE in this space',
          );
        }
      }
      const content = createContent(state, {
        kind,
        space,
        title,
        status,
        parentId,
        authorId: callerOf(res).accountId,
        bodyStorage: storageValue(input.body) ?? '',
      });
      res.status(200).json(contentJson(content, space, 'storage', base(res)));
    };

  return { listSpaces, getSpace, listContent, getContent, create };
}

interface CreateBody {
  spaceId: string;
  status?: 'current' | 'draft';
  title?: string;
  parentId?: string;
  body?: BodyInput;
}

/** The rules the document's loose schemas leave to the server. */
function createProblems(input: CreateBody): string[] {
  const problems: string[] = [];
  if (!/^\d+$/.test(input.spaceId))
    problems.push(`spaceId must be a numeric space id, got '${input.spaceId}'`);
  if ((input.status ?? 'current') === 'current' && !input.title?.trim()) {
    problems.push('title is required when status is current');
  }
  return [...problems, ...bodyProblems(input.body)];
}
