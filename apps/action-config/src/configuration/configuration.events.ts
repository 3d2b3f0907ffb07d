import {
  ActionConfiguredV1,
  ActionDeletedV1,
  ActionDisabledV1,
  ActionEnabledV1,
  createEvent,
  EventEnvelope,
} from '@actionhub/contracts';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { profileOf } from './configuration.view';

type Ids = { correlationId: string };

/**
 * Numbers the configuration's next event: call it once per event, inside the transaction that
 * saves `c` and appends the event, so the counter and the events commit (or roll back) together.
 */
export function nextSequence(c: ActionConfigurationEntity): number {
  c.sequence = (c.sequence ?? 0) + 1;
  return c.sequence;
}

export const actionConfigured = (c: ActionConfigurationEntity, firstTime: boolean, ids: Ids): EventEnvelope =>
  createEvent(ActionConfiguredV1, {
    appId: c.appId,
    correlationId: ids.correlationId,
    payload: {
      actionKey: c.actionKey,
      configurationId: c.id,
      sequence: c.sequence,
      authorizationType: c.authorizationType,
      mechanism: c.mechanism,
      profile: profileOf(c),
      firstTime,
    },
  });

const sequenced =
  (definition: typeof ActionDisabledV1 | typeof ActionEnabledV1) =>
  (c: ActionConfigurationEntity, ids: Ids): EventEnvelope =>
    createEvent(definition, {
      appId: c.appId,
      correlationId: ids.correlationId,
      payload: { actionKey: c.actionKey, configurationId: c.id, sequence: c.sequence },
    });

export const actionDisabled = sequenced(ActionDisabledV1);
export const actionEnabled = sequenced(ActionEnabledV1);

/** The configuration's last event: consumers remember its id, so nothing older of it applies again. */
export const actionDeleted = (c: ActionConfigurationEntity, ids: Ids): EventEnvelope =>
  createEvent(ActionDeletedV1, {
    appId: c.appId,
    correlationId: ids.correlationId,
    payload: { actionKey: c.actionKey, configurationId: c.id },
  });
