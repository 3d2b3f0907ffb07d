import { ActionConfiguredV1, ActionDisabledV1, createEvent } from '@actionhub/contracts';
import { randomUUID } from 'node:crypto';

export const APP_ID = randomUUID();

/** A valid ActionConfigured envelope, keyed `APP_ID:action-<n % keys>`, so keys spread over partitions. */
export function actionConfigured(n = 0, keys = 5) {
  return createEvent(ActionConfiguredV1, {
    appId: APP_ID,
    correlationId: randomUUID(),
    payload: {
      actionKey: `action-${n % keys}`,
      configurationId: randomUUID(),
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
      firstTime: true,
    },
  });
}

export function actionDisabled() {
  return createEvent(ActionDisabledV1, {
    appId: APP_ID,
    correlationId: randomUUID(),
    payload: { actionKey: 'confluence', configurationId: randomUUID() },
  });
}
