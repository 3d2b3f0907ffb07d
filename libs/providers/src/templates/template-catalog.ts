import { ActionDefinition } from '../action-definition';
import { addAction } from '../action-catalog';
import { confluenceTemplates } from '../confluence/templates';
import { jiraTemplates } from '../jira/templates';
import { TemplateDefinition, TemplateListing } from './template-definition';

const templates: TemplateDefinition[] = [...confluenceTemplates, ...jiraTemplates];

/** Every template of every action. */
export const templateCatalog: readonly TemplateDefinition[] = templates;

export function templatesOf(actionKey: string): TemplateDefinition[] {
  return templateCatalog.filter((t) => t.actionKey === actionKey);
}

export function findTemplate(actionKey: string, templateKey: string): TemplateDefinition | undefined {
  return templateCatalog.find((t) => t.actionKey === actionKey && t.key === templateKey);
}

/** An action's template list (what template-installer shows before anything is installed). */
export function templateListingsOf(actionKey: string): TemplateListing[] {
  return templatesOf(actionKey).map(({ key, name, description, method, version, scopes }) => ({
    templateKey: key,
    name,
    description,
    method,
    version,
    scopes,
  }));
}

/**
 * Adds an action and its templates, as data: the services read the catalog, so nothing else
 * changes. Each template must belong to the action, and the action must list each of them.
 */
export function registerAction(
  action: ActionDefinition,
  actionTemplates: readonly TemplateDefinition[],
): void {
  const keys = actionTemplates.map((t) => t.key);
  const foreign = actionTemplates.find((t) => t.actionKey !== action.key);
  if (foreign)
    throw new Error(`template "${foreign.key}" belongs to "${foreign.actionKey}", not "${action.key}"`);
  if (keys.join() !== action.templateKeys.join()) {
    throw new Error(
      `action "${action.key}" lists templates ${action.templateKeys.join()} but brings ${keys.join()}`,
    );
  }
  addAction(action);
  templates.push(...actionTemplates);
}
