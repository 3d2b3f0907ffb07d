import { TemplateDefinition } from '../../templates/template-definition';
import { addFooterCommentTemplate } from './add-footer-comment.template';
import { addLabelTemplate } from './add-label.template';
import { createContentTemplate } from './create-content.template';
import { deletePageTemplate } from './delete-page.template';
import { getContentTemplate } from './get-content.template';
import { listPageChildrenTemplate } from './list-page-children.template';
import { listBlogPostsTemplate, listPagesTemplate } from './list-space-content';
import { listSpacesTemplate } from './list-spaces.template';
import { searchContentTemplate } from './search-content.template';
import { updatePageTemplate } from './update-page.template';

/** Confluence's templates, in the order its action lists them. */
export const confluenceTemplates: readonly TemplateDefinition[] = [
  createContentTemplate,
  getContentTemplate,
  listPagesTemplate,
  listBlogPostsTemplate,
  listSpacesTemplate,
  updatePageTemplate,
  deletePageTemplate,
  addFooterCommentTemplate,
  listPageChildrenTemplate,
  addLabelTemplate,
  searchContentTemplate,
];
