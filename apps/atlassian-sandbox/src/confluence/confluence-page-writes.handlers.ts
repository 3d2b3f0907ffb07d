import { Request, Response } from 'express';
import { Content } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { callerOf } from '../rest/rest-auth.middleware';
import { paramsOf } from '../rest/rest.middleware';
import { BodyInput, bodyProblems, sameTitle, storageValue } from './confluence-bodies';
import { sendV2Error } from './confluence-errors';
import { sendPage } from './confluence-pagination';
import { childPageJson, contentJson, footerCommentJson } from './confluence-serializers';

type Handler = (req: Request, res: Response) => void;

interface UpdateBody {
  id: string;
  status: 'current' | 'draft';
  title: string;
  parentId?: string;
  body: BodyInput;
  version: { number?: number; message?: string };
}

interface FooterCommentBody {
  pageId?: string;
  blogPostId?: string;
  parentCommentId?: string;
  attachmentId?: string;
  customContentId?: string;
  body?: BodyInput;
}

/** REST v2 page update, delete and children, and footer comments; all scoped to the caller's site. */
export function confluencePageWriteHandlers(state: SandboxState) {
  const base = (res: Response) => `${state.siteBaseUrl(callerOf(res).site)}/wiki`;
  /** A page or blog post of the caller's site that is not in the trash. */
  const liveContent = (res: Response, id: unknown, kind?: Content['kind']): Content | undefined => {
    const content = state.contents.get(String(id));
    return content &&
      content.cloudId === callerOf(res).site.cloudId &&
      content.status !== 'trashed' &&
      (!kind || content.kind === kind)
      ? content
      : undefined;
  };

  /**
   * PUT /pages/{id}: the version must be the current one plus one. Anything else is the 409
   * Confluence answers when someone else saved the page since it was read.
   */
  const updatePage: Handler = (req, res) => {
    const id = String(paramsOf(res).path.id);
    const input = req.body as UpdateBody;
    const page = liveContent(res, id, 'page');
    if (!page) return sendV2Error(res, 404, 'Page not found');
    const space = state.spaces.get(page.spaceId)!;
    const problems = [
      ...(input.id !== id ? [`id in the body (${input.id}) does not match the page id (${id})`] : []),
      ...(input.status !== 'current'
        ? [`status must be 'current' (the sandbox does not keep drafts), got '${input.status}'`]
        : []),
      ...(!input.title.trim() ? ['title is required when status is current'] : []),
      ...(input.version.number === undefined ? ['version.number is required'] : []),
      ...bodyProblems(input.body),
    ];
    if (problems.length) return sendV2Error(res, 400, ...problems);
    if (input.version.number !== page.version + 1) {
      return sendV2Error(
        res,
        409,
        `Version must be incremented when updating a page. Current Version: [${page.version}]. Provided version: [${input.version.number}]`,
      );
    }
    if (input.parentId !== undefined && input.parentId !== page.parentId) {
      const parent = liveContent(res, input.parentId, 'page');
      if (!parent || parent.spaceId !== space.id || parent.id === page.id) {
        return sendV2Error(res, 400, `Parent page ${input.parentId} does not exist in space ${space.key}`);
      }
    }
    if (sameTitle(state.contents.values(), space, input.title, page.id)) {
      return sendV2Error(
        res,
        400,
        'A page with this title already exists: A page already exists with the same TITLE in this space',
      );
    }
    Object.assign(page, {
      title: input.title,
      parentId: input.parentId ?? page.parentId,
      bodyStorage: storageValue(input.body) ?? '',
      version: page.version + 1,
      versionMessage: input.version.message ?? '',
      versionAuthorId: callerOf(res).accountId,
      versionCreatedAt: new Date(state.now()).toISOString(),
    } satisfies Partial<Content>);
    res.status(200).json(contentJson(page, space, 'storage', base(res)));
  };

  /**
   * DELETE /pages/{id}: to the trash (its children move up to its parent, as in Confluence);
   * `purge=true` on a trashed page removes it for good.
   */
  const deletePage: Handler = (_req, res) => {
    const { path, query } = paramsOf(res);
    const page = state.contents.get(String(path.id));
    if (!page || page.kind !== 'page' || page.cloudId !== callerOf(res).site.cloudId) {
      return sendV2Error(res, 404, 'Page not found');
    }
    if (query.purge === true) {
      if (page.status !== 'trashed') return sendV2Error(res, 400, 'Only a trashed page can be purged');
      state.contents.delete(page.id);
      return void res.status(204).end();
    }
    if (page.status === 'trashed') return sendV2Error(res, 404, 'Page not found');
    if (state.spaces.get(page.spaceId)?.homepageId === page.id) {
      return sendV2Error(res, 400, "A space's homepage cannot be deleted");
    }
    for (const child of state.contents.values()) {
      if (child.parentId === page.id) child.parentId = page.parentId;
    }
    page.status = 'trashed';
    res.status(204).end();
  };

  /** GET /pages/{id}/children: the direct child pages, cursor-paginated like every v2 list. */
  const listChildren: Handler = (req, res) => {
    const { path, query } = paramsOf(res);
    const page = liveContent(res, path.id, 'page');
    if (!page) return sendV2Error(res, 404, 'Page not found');
    const children = [...state.contents.values()].filter(
      (c) => c.kind === 'page' && c.parentId === page.id && c.status === 'current',
    );
    sendPage(req, res, base(res), children, query, childPageJson);
  };

  /** POST /footer-comments: a top-level comment on a page or a blog post; answers 201. */
  const createFooterComment: Handler = (req, res) => {
    const input = req.body as FooterCommentBody;
    const unsupported = (['parentCommentId', 'attachmentId', 'customContentId'] as const).filter(
      (k) => input[k] !== undefined,
    );
    if (unsupported.length) {
      return sendV2Error(res, 501, `The sandbox does not implement comments with ${unsupported.join(', ')}`);
    }
    const targets = [input.pageId, input.blogPostId].filter((t) => t !== undefined);
    const problems = [
      ...(targets.length !== 1 ? ['Exactly one of pageId or blogPostId is required'] : []),
      ...(input.body === undefined ? ['body is required'] : bodyProblems(input.body)),
    ];
    if (problems.length) return sendV2Error(res, 400, ...problems);
    const on = liveContent(res, targets[0], input.pageId !== undefined ? 'page' : 'blogpost');
    if (!on) return sendV2Error(res, 404, `${input.pageId !== undefined ? 'Page' : 'Blog post'} not found`);
    const comment = {
      id: state.numericId(),
      cloudId: on.cloudId,
      contentId: on.id,
      authorId: callerOf(res).accountId,
      bodyStorage: storageValue(input.body) ?? '',
      createdAt: new Date(state.now()).toISOString(),
    };
    state.footerComments.set(comment.id, comment);
    res.setHeader('Location', `${base(res)}/api/v2/footer-comments/${comment.id}`);
    res.status(201).json(footerCommentJson(comment, on, state.spaces.get(on.spaceId)!, base(res)));
  };

  return { updatePage, deletePage, listChildren, createFooterComment };
}
