import { EntityManager } from 'typeorm';
import { ConfiguredActionEntity } from './configured-action.entity';
import { DeletedConfigurationEntity } from './deleted-configuration.entity';

// Late events of action-config (a replay from a dead-letter topic, a duplicate sent as a new
// event) must change nothing: the handlers ignore events of a deleted configuration and those
// whose sequence the view already reached (isStaleConfigurationEvent).

export const isDeletedConfiguration = (manager: EntityManager, configurationId: string) =>
  manager.existsBy(DeletedConfigurationEntity, { configurationId });

/** Remembers a deleted configuration, so none of its late events applies again. */
export async function rememberDeletedConfiguration(
  manager: EntityManager,
  configuration: { configurationId: string; appId: string; actionKey: string },
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(DeletedConfigurationEntity)
    .values(configuration)
    .orIgnore()
    .execute();
}

/** The app's view of the action, locked until the handler's transaction ends. */
export const lockConfiguredAction = (manager: EntityManager, appId: string, actionKey: string) =>
  manager.findOne(ConfiguredActionEntity, {
    where: { appId, actionKey },
    lock: { mode: 'pessimistic_write' },
  });
