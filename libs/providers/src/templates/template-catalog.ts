import { confluenceTemplates } from '../confluence/templates';
import { TemplateDefinition, TemplateListing } from './template-definition';

/** Every template of every action. */
export const templateCatalog: readonly TemplateDefinition[] = [...confluenceTemplates];

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
