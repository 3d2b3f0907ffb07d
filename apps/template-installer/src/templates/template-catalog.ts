import { templateCatalog, TemplateDefinition } from '@actionhub/providers';

/**
 * The templates this service installs from: libs/providers' catalog. A class so a test can boot
 * the service with a template of its own (one whose definition dialogs cannot build, say) and
 * follow it through the real install path.
 */
export class TemplateCatalog {
  constructor(private readonly templates: readonly TemplateDefinition[] = templateCatalog) {}

  find(actionKey: string, templateKey: string): TemplateDefinition | undefined {
    return this.templates.find((t) => t.actionKey === actionKey && t.key === templateKey);
  }
}
