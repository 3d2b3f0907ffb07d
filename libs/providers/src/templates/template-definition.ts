import { DialogDefinition } from '@actionhub/contracts';

export type TemplateMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A ready-made dialog task for one action, as data. `version` goes out as `templateVersion` in
 * `TemplateInstalled`: raise it whenever `dialog` changes, so installations can tell which one they run.
 */
export interface TemplateDefinition {
  actionKey: string;
  key: string;
  version: number;
  name: string;
  description: string;
  /** The HTTP method of the call that does the template's job (its list shows it). */
  method: TemplateMethod;
  /** The provider scopes its calls need. */
  scopes: string[];
  dialog: DialogDefinition;
}

/** What a template list shows, without the dialog. */
export type TemplateListing = Omit<TemplateDefinition, 'dialog' | 'actionKey' | 'key'> & {
  templateKey: string;
};
