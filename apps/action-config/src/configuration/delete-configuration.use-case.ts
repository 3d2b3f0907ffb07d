import { OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { actionDeleted } from './configuration.events';
import { ConfigurationStore } from './configuration.store';

/**
 * Back to Available. ActionDeleted is published even for a draft: an authorization may already
 * exist, and auth-profiles revokes the action's connections on it.
 */
@Injectable()
export class DeleteConfigurationUseCase {
  constructor(
    private readonly store: ConfigurationStore,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(appId: string, actionKey: string, correlationId: string): Promise<void> {
    this.store.actionOr404(actionKey);
    await this.store.withLocked(appId, actionKey, async (c, manager) => {
      await manager.delete(ActionConfigurationEntity, { id: c.id });
      await this.outbox.append(manager, actionDeleted(c, { correlationId }));
    });
  }
}
