import { findAction } from './action-catalog';
import { findTemplate } from './templates/template-catalog';

/** What a template list shows before anything is installed: its name, purpose and HTTP method. */
export interface TemplateSummary {
  templateKey: string;
  name: string;
  description: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

/**
 * The templates an action offers, in the order of its `templateKeys`. A key without a template
 * still appears (named after its key), so a template is never hidden by missing display data.
 */
export function templateSummariesOf(actionKey: string): TemplateSummary[] {
  const action = findAction(actionKey);
  if (!action) return [];
  return action.templateKeys.map((templateKey) => {
    const template = findTemplate(actionKey, templateKey);
    if (template) {
      const { name, description, method } = template;
      return { templateKey, name, description, method };
    }
    return {
      templateKey,
      name: templateKey.replace(
        /(^|-)(\w)/g,
        (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase(),
      ),
      description: '',
      method: 'GET',
    };
  });
}
