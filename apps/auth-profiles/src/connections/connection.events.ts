import { ConnectionRefreshFailedV1, ConnectionRevokedV1, createEvent } from '@actionhub/contracts';
import { ConnectionEntity } from './connection.entity';
import { subjectOf } from './connection.view';

// A connection's events, built from its row (also verified by the contract tests).

type ConnectionRow = Pick<ConnectionEntity, 'id' | 'appId' | 'actionKey' | 'subjectType' | 'endUserId'>;

export const connectionRevoked = (
  c: ConnectionRow,
  meta: { correlationId: string; causationId?: string | null },
) =>
  createEvent(ConnectionRevokedV1, {
    appId: c.appId,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    payload: { connectionId: c.id, actionKey: c.actionKey, subject: subjectOf(c) },
  });

export const connectionRefreshFailed = (
  c: ConnectionRow,
  meta: { correlationId: string },
  final: boolean,
  reason: string,
) =>
  createEvent(ConnectionRefreshFailedV1, {
    appId: c.appId,
    correlationId: meta.correlationId,
    payload: { connectionId: c.id, actionKey: c.actionKey, subject: subjectOf(c), final, reason },
  });
