import { ActionEnabledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { setConfiguredActionStatus } from './set-configured-action-status';

@Injectable()
export class ActionEnabledHandler implements EventHandler<ActionEnabledEvent> {
  readonly eventType = 'ActionEnabled';

  handle(event: ActionEnabledEvent, { manager }: HandlerContext): Promise<void> {
    return setConfiguredActionStatus(manager, event, 'enabled');
  }
}
