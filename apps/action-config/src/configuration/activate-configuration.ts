import { EventEnvelope } from '@actionhub/contracts';
import { OutboxWriter } from '@actionhub/messaging';
import { AppPrincipal } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { Activation, activationEffect, activationProblem } from './configuration-rules';
import { actionConfigured, actionEnabled, nextSequence } from './configuration.events';
import { problems } from './configuration.problems';
import { ConfigurationStore } from './configuration.store';
import { actionView } from './configuration.view';

/** What save and enable share: the guards, the move to Configured/enabled, and the events. */
@Injectable()
export class ActivateConfiguration {
  constructor(
    private readonly store: ConfigurationStore,
    private readonly outbox: OutboxWriter,
  ) {}

  async run(
    principal: AppPrincipal,
    appId: string,
    actionKey: string,
    command: Activation,
    correlationId: string,
  ) {
    if (principal.edition === 'trial') throw problems.editionNotSupported();
    const action = this.store.actionOr404(actionKey);
    return this.store.withLocked(appId, actionKey, async (c, manager) => {
      const problem = activationProblem(c, command);
      if (problem) throw problem;
      const effect = activationEffect(c, command);
      if (effect.kind === 'none') return actionView(action, c);

      const ids = { correlationId };
      const events: EventEnvelope[] = [];
      const publish = (build: () => EventEnvelope) => {
        nextSequence(c);
        events.push(build());
      };
      if (effect.kind === 'configured') {
        publish(() => actionConfigured(c, effect.firstTime, ids));
      } else {
        publish(() => actionEnabled(c, ids));
        if (effect.settingsChanged) publish(() => actionConfigured(c, false, ids));
      }
      c.configuredAt ??= new Date();
      c.state = 'enabled';
      c.disabledAt = null;
      c.errorReason = null;
      c.pendingChanges = false;
      const saved = await manager.save(c);
      await this.outbox.append(manager, ...events);
      return actionView(action, saved);
    });
  }
}
