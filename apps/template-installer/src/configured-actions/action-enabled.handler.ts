import { ActionEnabledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { ConfiguredActionEntity } from './configured-action.entity';

@Injectable()
export class ActionEnabledHandler implements EventHandler<ActionEnabledEvent> {
  readonly eventType = 'ActionEnabled';

  async handle(event: ActionEnabledEvent, { manager }: HandlerContext): Promise<void> {
    await manager.update(
      ConfiguredActionEntity,
      { appId: event.appId, actionKey: event.payload.actionKey },
      { status: 'enabled' },
    );
  }
}
