import { Router } from 'express';
import { OpenApiValidator } from '../openapi/openapi-validator';
import { createRestRouter } from '../rest/rest-router';
import { SandboxState } from '../state/sandbox-state';
import { confluenceHandlers } from './confluence-content.handlers';
import { CONFLUENCE_V2 } from './confluence-errors';
import { confluencePageWriteHandlers } from './confluence-page-writes.handlers';

/** Confluence REST v2: the operations the templates need, by the document's path templates. */
export function createConfluenceV2Router(state: SandboxState, validator: OpenApiValidator): Router {
  const h = confluenceHandlers(state);
  const w = confluencePageWriteHandlers(state);
  return createRestRouter(state, CONFLUENCE_V2, validator, [
    { method: 'get', path: '/spaces', handler: h.listSpaces },
    { method: 'get', path: '/spaces/{id}', handler: h.getSpace },
    { method: 'get', path: '/spaces/{id}/pages', handler: h.listContent('page', true) },
    { method: 'get', path: '/spaces/{id}/blogposts', handler: h.listContent('blogpost', true) },
    { method: 'get', path: '/pages', handler: h.listContent('page', false) },
    { method: 'post', path: '/pages', handler: h.create('page') },
    { method: 'get', path: '/pages/{id}', handler: h.getContent('page') },
    { method: 'put', path: '/pages/{id}', handler: w.updatePage },
    { method: 'delete', path: '/pages/{id}', handler: w.deletePage },
    { method: 'get', path: '/pages/{id}/children', handler: w.listChildren },
    { method: 'post', path: '/footer-comments', handler: w.createFooterComment },
    { method: 'get', path: '/blogposts', handler: h.listContent('blogpost', false) },
    { method: 'post', path: '/blogposts', handler: h.create('blogpost') },
    { method: 'get', path: '/blogposts/{id}', handler: h.getContent('blogpost') },
  ]);
}
