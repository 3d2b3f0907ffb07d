import { findAction } from './action-catalog';
import { confluenceTemplateSummaries } from './confluence/confluence.template-summaries';

/** What a template list shows before anything is installed: its name, purpose and HTTP method. */
export interface TemplateSummary {
  templateKey: string;
  name: string;
  description: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

const summariesByAction: Record<string, readonly TemplateSummary[]> = {
  confluence: confluenceTemplateSummaries,
};

/**
 * The templates an action offers, in the order of its `templateKeys`. A key without a summary
 * still appears (named after its key), so a template is never hidden by missing display data.
 */
export function templateSummariesOf(actionKey: string): TemplateSummary[] {
  const action = findAction(actionKey);
  if (!action) return [];
  const known = summariesByAction[actionKey] ?? [];
  return action.templateKeys.map(
    (templateKey) =>
      known.find((s) => s.templateKey === templateKey) ?? {
        templateKey,
        name: templateKey.replace(
          /(^|-)(\w)/g,
          (_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase(),
        ),
        description: '',
        method: 'GET',
      },
  );
}
