import { ActionConfiguredEvent, isStaleConfigurationEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { lockConfiguredActionFor } from '../configured-actions/configured-action.view';
import { tableOf } from '../database/table-of';
import { IntegrationNoticeEntity } from './integration-notice.entity';

/** Records the action as configured, and on its first configuration offers Explore Templates. */
@Injectable()
export class ActionConfiguredHandler implements EventHandler<ActionConfiguredEvent> {
  readonly eventType = 'ActionConfigured';

  async handle(event: ActionConfiguredEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId, firstTime, sequence } = event.payload;
    // Late events (a deleted configuration's, or one the view is past) change nothing, and offer
    // no notice that was already dismissed or withdrawn.
    const { deleted, view } = await lockConfiguredActionFor(manager, event);
    if (deleted || isStaleConfigurationEvent(event.payload, view)) return;
    const sameConfiguration = view !== null && view.configurationId === configurationId;
    // The view and, on the first configuration, the notice: one statement.
    await manager.query(
      `WITH configured AS (
         INSERT INTO ${tableOf(manager, ConfiguredActionEntity)}
                (app_id, action_key, configuration_id, status, sequence)
         VALUES ($1, $2, $3, 'enabled', $4)
         ON CONFLICT (app_id, action_key) DO UPDATE
            SET configuration_id = EXCLUDED.configuration_id, status = EXCLUDED.status,
                sequence = EXCLUDED.sequence, updated_at = now()
       )
       INSERT INTO ${tableOf(manager, IntegrationNoticeEntity)}
              (id, app_id, action_key, configuration_id, source_event_id)
       SELECT $5, $1, $2, $3, $6 WHERE $7::boolean
       ON CONFLICT DO NOTHING`,
      [
        event.appId,
        actionKey,
        configurationId,
        sequence ?? (sameConfiguration ? view.sequence : 0),
        randomUUID(),
        event.eventId,
        firstTime,
      ],
    );
  }
}
