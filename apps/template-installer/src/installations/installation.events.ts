import { createEvent, TemplateInstalledV1, TemplateUninstalledV1 } from '@actionhub/contracts';
import { TemplateDefinition } from '@actionhub/providers';

// The events of a template installation. The install and uninstall use cases append them; the
// contract tests verify these same functions against the dialogs service's pacts.

export type InstallationRef = {
  installationId: string;
  appId: string;
  actionKey: string;
  templateKey: string;
};
type Ids = { correlationId: string; causationId?: string | null };

/** Carries the template's whole dialog, so dialogs never calls back to build the task. */
export const templateInstalled = (installation: InstallationRef, template: TemplateDefinition, ids: Ids) =>
  createEvent(TemplateInstalledV1, {
    appId: installation.appId,
    ...ids,
    payload: {
      installationId: installation.installationId,
      actionKey: installation.actionKey,
      templateKey: installation.templateKey,
      templateVersion: template.version,
      dialog: template.dialog,
    },
  });

export const templateUninstalled = (installation: InstallationRef, ids: Ids) =>
  createEvent(TemplateUninstalledV1, {
    appId: installation.appId,
    ...ids,
    payload: {
      installationId: installation.installationId,
      actionKey: installation.actionKey,
      templateKey: installation.templateKey,
    },
  });
