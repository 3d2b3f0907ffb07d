import { OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { actionDisabled, nextSequence } from './configuration.events';
import { problems } from './configuration.problems';
import { ConfigurationStore } from './configuration.store';
import { actionView } from './configuration.view';

/**
 * Keeps the authorization (auth-profiles keeps the connection) but no longer counts it: enabling
 * again needs a fresh one, as in the product.
 */
@Injectable()
export class DisableConfigurationUseCase {
  constructor(
    private readonly store: ConfigurationStore,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(appId: string, actionKey: string, correlationId: string) {
    const action = this.store.actionOr404(actionKey);
    return this.store.withLocked(appId, actionKey, async (c, manager) => {
      if (c.state === 'draft') throw problems.actionNotConfigured();
      if (c.state === 'disabled') return actionView(action, c);
      const now = new Date();
      c.state = 'disabled';
      c.disabledAt = now;
      c.authorizationRequiredSince = now;
      c.errorReason = null;
      nextSequence(c);
      const saved = await manager.save(c);
      await this.outbox.append(manager, actionDisabled(c, { correlationId }));
      return actionView(action, saved);
    });
  }
}
