import { AuthProfileDeletedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { findAction } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { ActionConfigurationEntity } from '../configuration/action-configuration.entity';
import { NotificationRecorder } from '../notifications/notification.recorder';

/**
 * A custom profile the app deleted may still be in use by its configurations: each goes to
 * `error` (a draft just stays blocked) until the developers choose another profile.
 */
@Injectable()
export class AuthProfileDeletedHandler implements EventHandler<AuthProfileDeletedEvent> {
  readonly eventType = 'AuthProfileDeleted';

  constructor(private readonly notifications: NotificationRecorder) {}

  async handle(event: AuthProfileDeletedEvent, { manager }: HandlerContext): Promise<void> {
    const configurations = await manager.find(ActionConfigurationEntity, {
      where: { appId: event.appId, profileKind: 'custom', profileId: event.payload.profileId },
      order: { actionKey: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const c of configurations) {
      if (c.profileDeleted) continue;
      const name = findAction(c.actionKey)?.name ?? c.actionKey;
      const message = `The authorization profile used by ${name} was deleted. Choose another profile and save the action again.`;
      c.profileDeleted = true;
      c.authorizationRequiredSince = new Date();
      if (c.configuredAt) {
        c.state = 'error';
        c.errorReason = message;
      }
      await manager.save(c);
      await this.notifications.record(manager, {
        appId: c.appId,
        actionKey: c.actionKey,
        configurationId: c.id,
        type: 'auth_profile_deleted',
        message,
        causeEventId: event.eventId,
      });
    }
  }
}
