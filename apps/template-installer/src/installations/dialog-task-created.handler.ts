import { DialogTaskCreatedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TemplateInstallationEntity } from './template-installation.entity';

/**
 * The installation is `installed` with its dialog ("Go to Dialog"). Conditional updates keep it
 * idempotent beyond the inbox: only an `installing` row moves, so a late or repeated event cannot
 * bring back an installation uninstalled meanwhile (that one just learns its dialog id).
 */
@Injectable()
export class DialogTaskCreatedHandler implements EventHandler<DialogTaskCreatedEvent> {
  readonly eventType = 'DialogTaskCreated' as const;

  async handle(event: DialogTaskCreatedEvent, { manager }: HandlerContext): Promise<void> {
    const { installationId, dialogId } = event.payload;
    const where = { id: installationId, appId: event.appId };
    await manager.update(
      TemplateInstallationEntity,
      { ...where, status: 'installing' },
      { status: 'installed', dialogId, error: null },
    );
    await manager.update(TemplateInstallationEntity, { ...where, dialogId: IsNull() }, { dialogId });
  }
}
