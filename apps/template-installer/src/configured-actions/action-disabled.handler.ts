import { ActionDisabledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { ConfiguredActionEntity } from './configured-action.entity';

/** A disabled action stays configured: its templates are still listed. */
@Injectable()
export class ActionDisabledHandler implements EventHandler<ActionDisabledEvent> {
  readonly eventType = 'ActionDisabled';

  async handle(event: ActionDisabledEvent, { manager }: HandlerContext): Promise<void> {
    await manager.update(
      ConfiguredActionEntity,
      { appId: event.appId, actionKey: event.payload.actionKey },
      { status: 'disabled' },
    );
  }
}
