import { ActionConfiguredEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { IntegrationNoticeEntity } from './integration-notice.entity';

/** Records the action as configured, and on its first configuration offers Explore Templates. */
@Injectable()
export class ActionConfiguredHandler implements EventHandler<ActionConfiguredEvent> {
  readonly eventType = 'ActionConfigured';

  async handle(event: ActionConfiguredEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId, firstTime } = event.payload;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConfiguredActionEntity)
      .values({ appId: event.appId, actionKey, configurationId, status: 'enabled' })
      .orUpdate(['configuration_id', 'status', 'updated_at'], ['app_id', 'action_key'])
      .execute();
    if (!firstTime) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(IntegrationNoticeEntity)
      .values({
        id: randomUUID(),
        appId: event.appId,
        actionKey,
        configurationId,
        sourceEventId: event.eventId,
      })
      .orIgnore()
      .execute();
  }
}
