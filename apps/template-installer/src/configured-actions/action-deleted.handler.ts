import { ActionDeletedEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext, OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { uninstall } from '../installations/uninstall-installations';
import { TemplateInstallationEntity } from '../installations/template-installation.entity';
import { IntegrationNoticeEntity } from '../notices/integration-notice.entity';
import { ConfiguredActionEntity } from './configured-action.entity';
import {
  isDeletedConfiguration,
  lockConfiguredAction,
  rememberDeletedConfiguration,
} from './configured-action.view';

/**
 * The action is Available again: its templates are no longer offered, nor is its notice (a later
 * first configuration offers a new one), and every installation of the action is uninstalled, so
 * dialogs removes their dialog tasks and a new configuration starts from a clean template list.
 */
@Injectable()
export class ActionDeletedHandler implements EventHandler<ActionDeletedEvent> {
  readonly eventType = 'ActionDeleted';

  constructor(private readonly outbox: OutboxWriter) {}

  async handle(event: ActionDeletedEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId } = event.payload;
    const where = { appId: event.appId, actionKey };
    // A late ActionDeleted (replayed, or sent again as a new event) must not uninstall what a
    // newer configuration of the action installed.
    if (await isDeletedConfiguration(manager, configurationId)) return;
    await rememberDeletedConfiguration(manager, { ...where, configurationId });
    const view = await lockConfiguredAction(manager, event.appId, actionKey);
    if (view && view.configurationId !== configurationId) return;
    await manager.delete(ConfiguredActionEntity, where);
    await manager.delete(IntegrationNoticeEntity, where);
    const installations = await manager.find(TemplateInstallationEntity, {
      where: { ...where, status: In(['installing', 'installed', 'failed']) },
      lock: { mode: 'pessimistic_write' },
    });
    await uninstall(manager, this.outbox, installations, {
      correlationId: event.correlationId,
      causationId: event.eventId,
    });
  }
}
