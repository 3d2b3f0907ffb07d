import { TemplateInstalledEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext, OutboxWriter } from '@actionhub/messaging';
import { SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { EntityTarget, ObjectLiteral } from 'typeorm';
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
    // One round trip: built, failed or uninstalled already (a redelivery, a duplicate or a late
    // replay), and whether the action is enabled (its service nodes call out) or disabled.
    const table = (entity: EntityTarget<ObjectLiteral>) => manager.getRepository(entity).metadata.tablePath;
    const [state]: { known: boolean; enabled: boolean | null }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM ${table(DialogTaskEntity)} WHERE installation_id = $1)
           OR EXISTS (SELECT 1 FROM ${table(DialogTaskFailureEntity)} WHERE installation_id = $1)
           OR EXISTS (SELECT 1 FROM ${table(UninstalledInstallationEntity)} WHERE installation_id = $1)
              AS known,
              (SELECT enabled FROM ${table(ActionConfigurationEntity)}
                WHERE app_id = $2 AND action_key = $3) AS enabled`,
      [installationId, appId, actionKey],
    );
    if (state!.known) return;

    const built = buildDialogTask(actionKey, dialog, state!.enabled === false ? 'custom' : 'integration');
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

    const task = { dialogId: randomUUID(), installationId, actionKey, templateKey };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table(DialogTaskEntity)}
              (dialog_id, app_id, installation_id, action_key, template_key, template_version, name, definition)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT DO NOTHING
       RETURNING dialog_id`,
      [
        task.dialogId,
        appId,
        installationId,
        actionKey,
        templateKey,
        templateVersion,
        built.definition.name,
        JSON.stringify(built.definition),
      ],
    );
    // Another event for the same installation won the race: it published the event.
    if (inserted.length === 0) return;
    await this.outbox.append(manager, dialogTaskCreated(task, meta));
    this.logger.info({ appId, installationId, dialogId: task.dialogId, templateKey }, 'dialog task created');
  }
}
