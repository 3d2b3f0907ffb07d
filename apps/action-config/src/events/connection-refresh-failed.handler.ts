import { ConnectionRefreshFailedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { findAction } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { hasCurrentAuthorization } from '../configuration/configuration-rules';
import { ConfigurationStore } from '../configuration/configuration.store';
import { NotificationRecorder } from '../notifications/notification.recorder';

/**
 * The app's own connection can no longer be refreshed (grant revoked or expired): the
 * configuration goes to `error` and the developers are told to authorize again. Transient
 * failures and end users' connections do not concern the configuration.
 */
@Injectable()
export class ConnectionRefreshFailedHandler implements EventHandler<ConnectionRefreshFailedEvent> {
  readonly eventType = 'ConnectionRefreshFailed';

  constructor(
    private readonly store: ConfigurationStore,
    private readonly notifications: NotificationRecorder,
  ) {}

  async handle(event: ConnectionRefreshFailedEvent, { manager }: HandlerContext): Promise<void> {
    const p = event.payload;
    if (!p.final || p.subject.type !== 'app') return;
    const c = await this.store.lock(manager, event.appId, p.actionKey);
    // Only the connection the configuration relies on; an older, replaced one does not matter.
    if (!c || c.authorizationType !== 'pre-authorize' || c.connectionId !== p.connectionId) return;
    const becomesError = c.configuredAt !== null && c.state !== 'error';
    if (!becomesError && !hasCurrentAuthorization(c)) return;

    const name = findAction(c.actionKey)?.name ?? c.actionKey;
    const message = `${name} can no longer reach the provider with the app's authorization (${p.reason}). Authorize the action again.`;
    c.authorizationRequiredSince = new Date();
    if (becomesError) {
      c.state = 'error';
      c.errorReason = message;
    }
    await manager.save(c);
    await this.notifications.record(manager, {
      appId: c.appId,
      actionKey: c.actionKey,
      configurationId: c.id,
      type: 'reauthorization_required',
      message,
      causeEventId: event.eventId,
    });
  }
}
