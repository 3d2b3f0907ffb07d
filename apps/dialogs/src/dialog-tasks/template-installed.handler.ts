import { TemplateInstalledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext, OutboxWriter } from '@actionhub/messaging';
import { SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { ActionConfigurationEntity } from '../action-configurations/action-configuration.entity';
import { buildDialogTask } from './build-dialog-task';
import { DialogTaskFailureEntity } from './dialog-task-failure.entity';
import { DialogTaskEntity } from './dialog-task.entity';
import { dialogTaskCreated, dialogTaskCreationFailed } from './dialog-task.events';
import { UninstalledInstallationEntity } from './uninstalled-installation.entity';

/**
 * Creates the dialog task of an installation, once. The inbox drops a redelivered event; the
 * unique installation id (and the failure record) drops a duplicate sent as a new event, so
 * exactly one DialogTaskCreated or DialogTaskCreationFailed goes out per installation; the
 * uninstall tombstone drops one that comes after the uninstall.
 */
@Injectable()
export class TemplateInstalledHandler implements EventHandler<TemplateInstalledEvent> {
  readonly eventType = 'TemplateInstalled' as const;

  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: TemplateInstalledEvent, { manager }: HandlerContext): Promise<void> {
    const { installationId, actionKey, templateKey, templateVersion, dialog } = event.payload;
    const { appId } = event;
    // Built, failed or uninstalled already: a redelivery, a duplicate or a late replay.
    const known =
      (await manager.existsBy(DialogTaskEntity, { installationId })) ||
      (await manager.existsBy(DialogTaskFailureEntity, { installationId })) ||
      (await manager.existsBy(UninstalledInstallationEntity, { installationId }));
    if (known) return;

    const config = await manager.findOneBy(ActionConfigurationEntity, { appId, actionKey });
    const built = buildDialogTask(actionKey, dialog, config && !config.enabled ? 'custom' : 'integration');
    const meta = { appId, correlationId: event.correlationId, causationId: event.eventId };

    if (!built.ok) {
      const failure = { installationId, appId, actionKey, templateKey, reason: built.reason };
      await manager.insert(DialogTaskFailureEntity, failure);
      await this.outbox.append(manager, dialogTaskCreationFailed(failure, meta));
      this.logger.warn(
        { appId, installationId, templateKey, reason: built.reason },
        'dialog task cannot be built',
      );
      return;
    }

    const dialogId = randomUUID();
    const row: DialogTaskEntity = Object.assign(new DialogTaskEntity(), {
      dialogId,
      appId,
      installationId,
      actionKey,
      templateKey,
      templateVersion,
      name: built.definition.name,
      definition: built.definition,
    });
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DialogTaskEntity)
      // The definition's recursive JSON type is too deep for TypeORM's partial-entity typing.
      .values(row as never)
      .orIgnore()
      .returning(['dialogId'])
      .execute();
    // Another event for the same installation won the race: it published the event.
    if ((inserted.raw as unknown[]).length === 0) return;
    await this.outbox.append(manager, dialogTaskCreated(row, meta));
    this.logger.info({ appId, installationId, dialogId, templateKey }, 'dialog task created');
  }
}
