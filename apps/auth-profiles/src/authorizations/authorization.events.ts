import { AuthorizationCompletedV1, AuthorizationFailedV1, createEvent, Site } from '@actionhub/contracts';
import { subjectOf } from '../connections/connection.view';
import { AuthorizationEntity } from './authorization.entity';

// The events of an authorization, built from its row: the use cases append them, and the
// contract tests verify these same functions against the consumers' pacts.

export type AuthorizationRow = Pick<
  AuthorizationEntity,
  'id' | 'appId' | 'actionKey' | 'profileId' | 'subjectType' | 'endUserId' | 'correlationId'
>;

export const authorizationCompleted = (row: AuthorizationRow, connection: { id: string; site: Site }) =>
  createEvent(AuthorizationCompletedV1, {
    appId: row.appId,
    correlationId: row.correlationId,
    payload: {
      authorizationId: row.id,
      connectionId: connection.id,
      actionKey: row.actionKey,
      profileId: row.profileId,
      subject: subjectOf(row),
      site: connection.site,
    },
  });

export const authorizationFailed = (row: AuthorizationRow, reason: string) =>
  createEvent(AuthorizationFailedV1, {
    appId: row.appId,
    correlationId: row.correlationId,
    payload: { authorizationId: row.id, actionKey: row.actionKey, subject: subjectOf(row), reason },
  });
