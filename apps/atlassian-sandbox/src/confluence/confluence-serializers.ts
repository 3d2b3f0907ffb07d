import { Content, FooterComment, Space } from '../state/sandbox-model';

export type BodyFormat = 'storage' | 'atlas_doc_format' | undefined;

export function spaceJson(space: Space, base?: string): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    createdAt: space.createdAt,
    ...(space.homepageId ? { homepageId: space.homepageId } : {}),
    _links: { webui: `/spaces/${space.key}`, ...(base ? { base } : {}) },
  };
}

/**
 * A page or blog post in REST v2 shape. The body comes back only in the format asked for; the
 * sandbox keeps storage format only, so `atlas_doc_format` answers an empty body.
 */
export function contentJson(content: Content, space: Space, format: BodyFormat, base?: string) {
  const version = {
    number: content.version,
    message: content.versionMessage,
    minorEdit: false,
    authorId: content.versionAuthorId,
    createdAt: content.versionCreatedAt,
  };
  const body =
    format === 'storage' ? { storage: { representation: 'storage', value: content.bodyStorage } } : {};
  const parent =
    content.kind === 'page' && content.parentId ? { parentId: content.parentId, parentType: 'page' } : {};
  const ownership =
    content.kind === 'page' ? { ownerId: content.authorId, lastOwnerId: null, position: null } : {};
  return {
    id: content.id,
    status: content.status,
    title: content.title,
    spaceId: content.spaceId,
    ...parent,
    ...ownership,
    authorId: content.authorId,
    createdAt: content.createdAt,
    version,
    body,
    _links: { ...uiLinks(content, space), ...(base ? { base } : {}) },
  };
}

/** Relative to the site's `/wiki`, like Atlassian's: the "View Content" link is base + webui. */
export function uiLinks(content: Content, space: Space) {
  const slug = encodeURIComponent(content.title).replace(/%20/g, '+');
  const day = content.createdAt.slice(0, 10).replace(/-/g, '/');
  const webui =
    content.kind === 'page'
      ? `/spaces/${space.key}/pages/${content.id}/${slug}`
      : `/spaces/${space.key}/blog/${day}/${content.id}/${slug}`;
  const tiny = Buffer.from(Number(content.id).toString(16).padStart(8, '0'), 'hex').toString('base64url');
  return { webui, editui: `/pages/resumedraft.action?draftId=${content.id}`, tinyui: `/x/${tiny}` };
}

/** A page's direct child, as `GET /pages/{id}/children` lists it. */
export function childPageJson(page: Content): Record<string, unknown> {
  return { id: page.id, status: page.status, title: page.title, spaceId: page.spaceId, childPosition: null };
}

/** A footer comment; its title is Confluence's "Re: <title>" of the content it is on. */
export function footerCommentJson(comment: FooterComment, on: Content, space: Space, base?: string) {
  const where = on.kind === 'page' ? { pageId: on.id } : { blogPostId: on.id };
  return {
    id: comment.id,
    status: 'current',
    title: `Re: ${on.title}`,
    ...where,
    version: {
      number: 1,
      message: '',
      minorEdit: false,
      authorId: comment.authorId,
      createdAt: comment.createdAt,
    },
    body: { storage: { representation: 'storage', value: comment.bodyStorage } },
    _links: {
      webui: `${uiLinks(on, space).webui}?focusedCommentId=${comment.id}`,
      ...(base ? { base } : {}),
    },
  };
}
