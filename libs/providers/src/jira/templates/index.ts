import { TemplateDefinition } from '../../templates/template-definition';
import { addCommentTemplate } from './add-comment.template';
import { createIssueTemplate } from './create-issue.template';
import { deleteIssueTemplate } from './delete-issue.template';
import { getIssueTemplate } from './get-issue.template';
import { searchIssuesTemplate } from './search-issues.template';
import { transitionIssueTemplate } from './transition-issue.template';
import { updateIssueTemplate } from './update-issue.template';

/** Jira's templates, in the order its action lists them. */
export const jiraTemplates: readonly TemplateDefinition[] = [
  createIssueTemplate,
  getIssueTemplate,
  searchIssuesTemplate,
  updateIssueTemplate,
  addCommentTemplate,
  transitionIssueTemplate,
  deleteIssueTemplate,
];
