import { TemplateDefinition } from '../../templates/template-definition';
import { createContentTemplate } from './create-content.template';
import { getContentTemplate } from './get-content.template';
import { listBlogPostsTemplate, listPagesTemplate } from './list-space-content';
import { listSpacesTemplate } from './list-spaces.template';

/** Confluence's templates, in the order its action lists them. */
export const confluenceTemplates: readonly TemplateDefinition[] = [
  createContentTemplate,
  getContentTemplate,
  listPagesTemplate,
  listBlogPostsTemplate,
  listSpacesTemplate,
];
