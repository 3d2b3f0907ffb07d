import { OutboxWriter } from '@actionhub/messaging';
import { EntityManager } from 'typeorm';
import { templateUninstalled } from './installation.events';
import { TemplateInstallationEntity } from './template-installation.entity';

export interface EventCause {
  correlationId: string;
  causationId?: string;
}

/**
 * Marks installations uninstalled at once (their slot is free for a new install) and publishes
 * TemplateUninstalled for each, in the caller's transaction; dialogs removes the dialog tasks.
 */
export async function uninstall(
  manager: EntityManager,
  outbox: OutboxWriter,
  installations: TemplateInstallationEntity[],
  cause: EventCause,
): Promise<void> {
  if (installations.length === 0) return;
  const now = new Date();
  for (const i of installations) {
    await manager.update(
      TemplateInstallationEntity,
      { id: i.id },
      { status: 'uninstalled', uninstalledAt: now },
    );
  }
  await outbox.append(
    manager,
    ...installations.map((i) =>
      templateUninstalled(
        { installationId: i.id, appId: i.appId, actionKey: i.actionKey, templateKey: i.templateKey },
        cause,
      ),
    ),
  );
}
