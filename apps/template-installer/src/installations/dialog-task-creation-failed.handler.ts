import { DialogTaskCreationFailedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { TemplateInstallationEntity } from './template-installation.entity';

/** dialogs could not build the definition: the installation is `failed` with the reason, and its slot is free. */
@Injectable()
export class DialogTaskCreationFailedHandler implements EventHandler<DialogTaskCreationFailedEvent> {
  readonly eventType = 'DialogTaskCreationFailed' as const;

  async handle(event: DialogTaskCreationFailedEvent, { manager }: HandlerContext): Promise<void> {
    const { installationId, reason } = event.payload;
    await manager.update(
      TemplateInstallationEntity,
      { id: installationId, appId: event.appId, status: 'installing' },
      { status: 'failed', error: reason },
    );
  }
}
