import { findAction, templateSummariesOf } from '@actionhub/providers';
import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { currentInstallations } from '../installations/current-installations';
import { installationView } from '../installations/installation.view';
import { TemplateInstallationEntity } from '../installations/template-installation.entity';

/**
 * An action's templates, once the app configured it (as this service learned from
 * action-config's events), each with its current installation: the installing or installed one,
 * else the last failed one (so its reason shows). `installed` is true once the dialog task exists.
 */
@Injectable()
export class ListTemplatesUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(appId: string, actionKey: string) {
    if (!findAction(actionKey)) {
      throw new ProblemException(404, 'action_not_found', `There is no action "${actionKey}".`);
    }
    const configured = await this.dataSource.manager.findOneBy(ConfiguredActionEntity, { appId, actionKey });
    if (!configured) {
      throw new ProblemException(
        409,
        'action_not_configured',
        `Configure "${actionKey}" before exploring its templates.`,
      );
    }
    const installations = currentInstallations(
      await this.dataSource.manager.findBy(TemplateInstallationEntity, {
        appId,
        actionKey,
        status: Not('uninstalled'),
      }),
    );
    return {
      items: templateSummariesOf(actionKey).map((t) => {
        const installation = installations.get(t.templateKey);
        return {
          ...t,
          installed: installation?.status === 'installed',
          ...(installation ? { installation: installationView(installation) } : {}),
        };
      }),
      nextCursor: null,
    };
  }
}
