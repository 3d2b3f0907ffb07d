import { ActionDeletedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { IntegrationNoticeEntity } from '../notices/integration-notice.entity';
import { ConfiguredActionEntity } from './configured-action.entity';

/**
 * The action is Available again: its templates are no longer offered, nor is its notice; a
 * later first configuration offers a new one.
 */
@Injectable()
export class ActionDeletedHandler implements EventHandler<ActionDeletedEvent> {
  readonly eventType = 'ActionDeleted';

  async handle(event: ActionDeletedEvent, { manager }: HandlerContext): Promise<void> {
    const where = { appId: event.appId, actionKey: event.payload.actionKey };
    await manager.delete(ConfiguredActionEntity, where);
    await manager.delete(IntegrationNoticeEntity, where);
  }
}
