import { ActionDisabledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { setConfiguredActionStatus } from './set-configured-action-status';

/** A disabled action stays configured: its templates are still listed. */
@Injectable()
export class ActionDisabledHandler implements EventHandler<ActionDisabledEvent> {
  readonly eventType = 'ActionDisabled';

  handle(event: ActionDisabledEvent, { manager }: HandlerContext): Promise<void> {
    return setConfiguredActionStatus(manager, event, 'disabled');
  }
}
