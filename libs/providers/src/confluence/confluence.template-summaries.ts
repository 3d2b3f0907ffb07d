import type { TemplateSummary } from '../template-summary';

/** Display data of the Confluence templates (their dialog definitions live with the templates). */
export const confluenceTemplateSummaries: readonly TemplateSummary[] = [
  {
    templateKey: 'create-content',
    name: 'Create Content',
    description: 'Create a page or a blog post in a space and answer with a "View Content" link.',
    method: 'POST',
  },
  {
    templateKey: 'get-content',
    name: 'Get Content',
    description: 'Find a page or a blog post by its title in a space and show its body.',
    method: 'GET',
  },
  {
    templateKey: 'list-pages',
    name: 'List Pages',
    description: 'List the pages of a space, a page at a time.',
    method: 'GET',
  },
  {
    templateKey: 'list-blog-posts',
    name: 'List Blog Posts',
    description: 'List the blog posts of a space, a page at a time.',
    method: 'GET',
  },
  {
    templateKey: 'list-spaces',
    name: 'List Spaces',
    description: 'List the Confluence spaces the connection can see.',
    method: 'GET',
  },
];
