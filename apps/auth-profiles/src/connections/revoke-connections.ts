import { OutboxWriter } from '@actionhub/messaging';
import { EntityManager, FindOptionsWhere, Not } from 'typeorm';
import { ConnectionEntity } from './connection.entity';
import { connectionRevoked } from './connection.events';

/** Revokes the matching live connections and publishes ConnectionRevoked for each, in the caller's transaction. */
export async function revokeConnections(
  manager: EntityManager,
  outbox: OutboxWriter,
  where: FindOptionsWhere<ConnectionEntity> & { appId: string },
  meta: { correlationId: string; causationId?: string; reason: string },
): Promise<ConnectionEntity[]> {
  const live = await manager.find(ConnectionEntity, {
    where: { ...where, status: Not('revoked') },
    lock: { mode: 'pessimistic_write' },
  });
  if (live.length === 0) return [];
  for (const connection of live) {
    // The credentials go too: a revoked connection must not be usable, even from a backup.
    await manager.update(ConnectionEntity, connection.id, {
      status: 'revoked',
      statusReason: meta.reason,
      secretsEncrypted: '',
      expiresAt: null,
    });
  }
  await outbox.append(manager, ...live.map((c) => connectionRevoked(c, meta)));
  return live;
}
