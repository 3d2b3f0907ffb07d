import { TemplateUninstalledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext, OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DialogTaskEntity } from './dialog-task.entity';
import { dialogTaskDeleted } from './dialog-task.events';
import { UninstalledInstallationEntity } from './uninstalled-installation.entity';

/**
 * Removes an installation's dialog task from the Dialogs page (the row stays as a tombstone) and
 * remembers the installation as uninstalled.
 */
@Injectable()
export class TemplateUninstalledHandler implements EventHandler<TemplateUninstalledEvent> {
  readonly eventType = 'TemplateUninstalled' as const;

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(event: TemplateUninstalledEvent, { manager }: HandlerContext): Promise<void> {
    const { installationId } = event.payload;
    // Kept even when no task exists yet (its TemplateInstalled parked or still to come), so a
    // TemplateInstalled handled after this never builds one.
    await manager
      .createQueryBuilder()
      .insert()
      .into(UninstalledInstallationEntity)
      .values({ installationId, appId: event.appId })
      .orIgnore()
      .execute();
    const task = await manager.findOneBy(DialogTaskEntity, { installationId, deletedAt: IsNull() });
    if (!task) return;
    await manager.update(DialogTaskEntity, { dialogId: task.dialogId }, { deletedAt: new Date() });
    await this.outbox.append(
      manager,
      dialogTaskDeleted(task, {
        appId: event.appId,
        correlationId: event.correlationId,
        causationId: event.eventId,
      }),
    );
  }
}
