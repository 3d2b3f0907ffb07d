import { DialogTaskCreatedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { tableOf } from '../database/table-of';
import { TemplateInstallationEntity } from './template-installation.entity';

/**
 * The installation is `installed` with its dialog ("Go to Dialog"). A conditional update keeps it
 * idempotent beyond the inbox: only an `installing` row moves, so a late or repeated event cannot
 * bring back an installation uninstalled meanwhile (that one just learns its dialog id, if it has
 * none yet). One statement for both cases.
 */
@Injectable()
export class DialogTaskCreatedHandler implements EventHandler<DialogTaskCreatedEvent> {
  readonly eventType = 'DialogTaskCreated' as const;

  async handle(event: DialogTaskCreatedEvent, { manager }: HandlerContext): Promise<void> {
    const { installationId, dialogId } = event.payload;
    // SET reads the row as it was: `status` in each CASE is the status before the update.
    await manager.query(
      `UPDATE ${tableOf(manager, TemplateInstallationEntity)}
          SET status = CASE WHEN status = 'installing' THEN 'installed' ELSE status END,
              dialog_id = CASE WHEN status = 'installing' THEN $3::uuid ELSE coalesce(dialog_id, $3::uuid) END,
              error = CASE WHEN status = 'installing' THEN NULL ELSE error END,
              updated_at = now()
        WHERE id = $1 AND app_id = $2 AND (status = 'installing' OR dialog_id IS NULL)`,
      [installationId, event.appId, dialogId],
    );
  }
}
