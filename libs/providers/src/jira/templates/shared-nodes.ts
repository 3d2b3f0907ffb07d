import { DialogEntity, JsonValue } from '@actionhub/contracts';

// Pieces several Jira templates share. Placeholders (`{{entities.x}}`, `{{outputKey.path}}`) are
// read by the dialogs service.

/** Jira's own page for an issue: the connection's site (API answers do not carry it) + /browse/KEY. */
export const viewIssueLink = (key: string) => ({
  label: 'View Issue',
  urlTemplate: `{{connection.site.url}}/browse/${key}`,
});

export const READ = 'read:jira-work';
export const WRITE = 'write:jira-work';

export const issueKeyEntity: DialogEntity = {
  name: 'issueKey',
  type: 'string',
  prompt: 'Which Jira issue? Give its key, for example DEV-12.',
  required: true,
};

/**
 * Jira REST v3 takes rich text only as an Atlassian Document Format document, never a plain
 * string: the entity's plain text becomes the one text node of a one-paragraph document.
 */
export function adfDocumentOf(placeholder: string): JsonValue {
  return {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: placeholder }] }],
  };
}

/** The fields an issue is shown with: without `fields`, Jira sends every field of the issue. */
export const SHOWN_FIELDS = 'summary,status,issuetype,assignee,project';
