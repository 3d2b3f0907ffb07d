import { ConfigurationView } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';
import { tableOf } from '../database/table-of';
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

/**
 * In one round trip: whether the event's configuration was deleted, and the app's view of the
 * action, locked until the handler's transaction ends (null when there is none).
 */
export async function lockConfiguredActionFor(
  manager: EntityManager,
  event: { appId: string; payload: { actionKey: string; configurationId: string } },
): Promise<{ deleted: boolean; view: ConfigurationView | null }> {
  const [row]: { deleted: boolean; configuration_id: string | null; sequence: number | null }[] =
    await manager.query(
      `SELECT EXISTS (SELECT 1 FROM ${tableOf(manager, DeletedConfigurationEntity)}
                       WHERE configuration_id = $3) AS deleted,
              v.configuration_id, v.sequence
         FROM (VALUES (1)) AS one (x)
         LEFT JOIN LATERAL (SELECT configuration_id, sequence FROM ${tableOf(manager, ConfiguredActionEntity)}
                             WHERE app_id = $1 AND action_key = $2
                               FOR UPDATE) v ON true`,
      [event.appId, event.payload.actionKey, event.payload.configurationId],
    );
  const view =
    row?.configuration_id != null
      ? { configurationId: row.configuration_id, sequence: row.sequence ?? 0 }
      : null;
  return { deleted: row?.deleted === true, view };
}
