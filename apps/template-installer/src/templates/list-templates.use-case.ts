import { findAction, templateSummariesOf } from '@actionhub/providers';
import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';

/**
 * An action's templates, once the app configured it (as this service learned from
 * action-config's events). Installations come with their own work; until then none is installed.
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
    return {
      items: templateSummariesOf(actionKey).map((t) => ({ ...t, installed: false })),
      nextCursor: null,
    };
  }
}
