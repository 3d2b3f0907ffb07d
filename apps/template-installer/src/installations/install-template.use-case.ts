import { OutboxWriter } from '@actionhub/messaging';
import { findAction } from '@actionhub/providers';
import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { tableOf } from '../database/table-of';
import { TemplateCatalog } from '../templates/template-catalog';
import { templateInstalled } from './installation.events';
import { TemplateInstallationEntity } from './template-installation.entity';

const ACTIVE_INDEX = 'ux_template_installation_active';

const isActiveSlotTaken = (error: unknown) =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (error.driverError as { constraint?: string }).constraint === ACTIVE_INDEX;

/**
 * Records the installation and publishes TemplateInstalled, carrying the template's dialog
 * definition, in one transaction. dialogs answers with DialogTaskCreated (or
 * DialogTaskCreationFailed) and the installation follows.
 */
@Injectable()
export class InstallTemplateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly catalog: TemplateCatalog,
  ) {}

  async execute(appId: string, actionKey: string, templateKey: string, correlationId: string) {
    if (!findAction(actionKey)) {
      throw new ProblemException(404, 'action_not_found', `There is no action "${actionKey}".`);
    }
    const template = this.catalog.find(actionKey, templateKey);
    if (!template) {
      throw new ProblemException(
        404,
        'template_not_found',
        `"${actionKey}" has no template "${templateKey}".`,
      );
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const installationId = randomUUID();
        // One statement: the installation, only if the action is configured, whose view it
        // share-locks, so an ActionDeleted handled meanwhile waits, then sees this installation.
        const inserted: unknown[] = await manager.query(
          `INSERT INTO ${tableOf(manager, TemplateInstallationEntity)}
                  (id, app_id, action_key, template_key, template_version, status)
           SELECT $1, c.app_id, c.action_key, $4, $5, 'installing'
             FROM ${tableOf(manager, ConfiguredActionEntity)} c
            WHERE c.app_id = $2 AND c.action_key = $3
              FOR SHARE
           RETURNING id`,
          [installationId, appId, actionKey, templateKey, template.version],
        );
        if (inserted.length === 0) {
          throw new ProblemException(
            409,
            'action_not_configured',
            `Configure "${actionKey}" before installing its templates.`,
          );
        }
        await this.outbox.append(
          manager,
          templateInstalled({ installationId, appId, actionKey, templateKey }, template, { correlationId }),
        );
        return { installationId, status: 'installing' as const };
      });
    } catch (error) {
      if (isActiveSlotTaken(error)) {
        throw new ProblemException(
          409,
          'already_installed',
          `"${templateKey}" is already installed (or being installed) for this app; uninstall it first.`,
        );
      }
      throw error;
    }
  }
}
