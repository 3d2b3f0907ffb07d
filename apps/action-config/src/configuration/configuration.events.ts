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

export const actionConfigured = (c: ActionConfigurationEntity, firstTime: boolean, ids: Ids): EventEnvelope =>
  createEvent(ActionConfiguredV1, {
    appId: c.appId,
    correlationId: ids.correlationId,
    payload: {
      actionKey: c.actionKey,
      configurationId: c.id,
      authorizationType: c.authorizationType,
      mechanism: c.mechanism,
      profile: profileOf(c),
      firstTime,
    },
  });

const simple =
  (definition: typeof ActionDisabledV1 | typeof ActionEnabledV1 | typeof ActionDeletedV1) =>
  (c: ActionConfigurationEntity, ids: Ids): EventEnvelope =>
    createEvent(definition, {
      appId: c.appId,
      correlationId: ids.correlationId,
      payload: { actionKey: c.actionKey, configurationId: c.id },
    });

export const actionDisabled = simple(ActionDisabledV1);
export const actionEnabled = simple(ActionEnabledV1);
export const actionDeleted = simple(ActionDeletedV1);
