import { ActionDeletedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext, OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { revokeConnections } from './revoke-connections';

/** Deleting an action's configuration revokes every connection of that action in the app. */
@Injectable()
export class ActionDeletedHandler implements EventHandler<ActionDeletedEvent> {
  readonly eventType = 'ActionDeleted' as const;

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(event: ActionDeletedEvent, { manager }: HandlerContext): Promise<void> {
    await revokeConnections(
      manager,
      this.outbox,
      { appId: event.appId, actionKey: event.payload.actionKey },
      { correlationId: event.correlationId, causationId: event.eventId, reason: 'action deleted' },
    );
  }
}
