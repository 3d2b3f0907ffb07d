import { TemplateInstallationEntity } from './template-installation.entity';

/** An installation as the API shows it; `dialogId` and `error` only once they exist. */
export function installationView(i: TemplateInstallationEntity) {
  return {
    installationId: i.id,
    actionKey: i.actionKey,
    templateKey: i.templateKey,
    templateVersion: i.templateVersion,
    status: i.status,
    ...(i.dialogId ? { dialogId: i.dialogId } : {}),
    ...(i.error ? { error: i.error } : {}),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

export type InstallationView = ReturnType<typeof installationView>;
