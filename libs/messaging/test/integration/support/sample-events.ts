import { ActionConfiguredV1, ActionDisabledV1, createEvent } from '@actionhub/contracts';
import { randomUUID } from 'node:crypto';

export const APP_ID = randomUUID();

/** A valid ActionConfigured envelope; `n` varies the action so keys spread over partitions. */
export function actionConfigured(n = 0) {
  return createEvent(ActionConfiguredV1, {
    appId: APP_ID,
    correlationId: randomUUID(),
    payload: {
      actionKey: `action-${n % 5}`,
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
