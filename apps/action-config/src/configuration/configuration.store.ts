import { ActionDefinition, findAction } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { problems } from './configuration.problems';

/** Reads and locks configurations; every state change runs under the row's lock. */
@Injectable()
export class ConfigurationStore {
  constructor(private readonly dataSource: DataSource) {}

  actionOr404(actionKey: string): ActionDefinition {
    const action = findAction(actionKey);
    if (!action) throw problems.actionNotFound(actionKey);
    return action;
  }

  find(appId: string, actionKey: string): Promise<ActionConfigurationEntity | null> {
    return this.dataSource.manager.findOneBy(ActionConfigurationEntity, { appId, actionKey });
  }

  listForApp(appId: string): Promise<ActionConfigurationEntity[]> {
    return this.dataSource.manager.findBy(ActionConfigurationEntity, { appId });
  }

  /** The row, locked until the transaction ends, so concurrent commands and events apply one by one. */
  lock(manager: EntityManager, appId: string, actionKey: string): Promise<ActionConfigurationEntity | null> {
    return manager.findOne(ActionConfigurationEntity, {
      where: { appId, actionKey },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async lockOr404(manager: EntityManager, appId: string, actionKey: string) {
    const configuration = await this.lock(manager, appId, actionKey);
    if (!configuration) throw problems.configurationNotFound(actionKey);
    return configuration;
  }

  /** Runs `work` in a transaction on the locked configuration (404 when there is none). */
  withLocked<T>(
    appId: string,
    actionKey: string,
    work: (c: ActionConfigurationEntity, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) =>
      work(await this.lockOr404(manager, appId, actionKey), manager),
    );
  }
}
