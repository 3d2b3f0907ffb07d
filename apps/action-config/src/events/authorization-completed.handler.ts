import { AuthorizationCompletedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { countsAsNewAuthorization } from '../configuration/configuration-rules';
import { ConfigurationStore } from '../configuration/configuration.store';
import { profileOf } from '../configuration/configuration.view';

/**
 * An app-level authorization finished in auth-profiles: it lets a pre-authorize configuration
 * be saved (or a disabled one enabled), if it is for the profile in use and newer than the
 * last reason to ask for a new one. End users' authorizations are not ours.
 */
@Injectable()
export class AuthorizationCompletedHandler implements EventHandler<AuthorizationCompletedEvent> {
  readonly eventType = 'AuthorizationCompleted';

  constructor(private readonly store: ConfigurationStore) {}

  async handle(event: AuthorizationCompletedEvent, { manager }: HandlerContext): Promise<void> {
    const p = event.payload;
    if (p.subject.type !== 'app') return;
    const c = await this.store.lock(manager, event.appId, p.actionKey);
    if (!c) return;
    const profile = profileOf(c);
    const inUse = profile.kind === 'system' ? 'system' : profile.profileId;
    if (p.profileId !== inUse) return;
    const completedAt = new Date(event.occurredAt);
    if (!countsAsNewAuthorization(c, completedAt)) return;
    c.authorizationId = p.authorizationId;
    c.connectionId = p.connectionId;
    c.site = p.site;
    c.authorizedAt = completedAt;
    await manager.save(c);
  }
}
