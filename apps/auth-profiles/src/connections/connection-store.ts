import { Subject } from '@actionhub/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { ConnectionEntity, ConnectionSecrets } from './connection.entity';
import { subjectKeyOf } from './connection.view';
import { bounded, COLUMN_LENGTH } from '../text/bounded-text';

export const secretsContext = (connectionId: string) => `connection:${connectionId}:secrets`;

export interface NewConnection {
  appId: string;
  actionKey: string;
  profileId: string;
  mechanism: 'oauth2' | 'basic';
  subject: Subject;
  site: { cloudId: string; url: string; name: string };
  apiBaseUrl: string;
  scopes: string[];
  secrets: ConnectionSecrets;
  expiresAt: Date | null;
}

/** Stores the subject's connection: authorizing again replaces credentials in the same row. */
export async function storeConnection(
  manager: EntityManager,
  cipher: SecretCipher,
  input: NewConnection,
): Promise<ConnectionEntity> {
  const subjectKey = subjectKeyOf(input.subject);
  const existing = await manager.findOne(ConnectionEntity, {
    where: { appId: input.appId, actionKey: input.actionKey, subjectKey },
    lock: { mode: 'pessimistic_write' },
  });
  const id = existing?.id ?? randomUUID();
  const row = manager.create(ConnectionEntity, {
    ...(existing ?? {}),
    id,
    appId: input.appId,
    actionKey: input.actionKey,
    profileId: input.profileId,
    mechanism: input.mechanism,
    subjectType: input.subject.type,
    endUserId: input.subject.type === 'end-user' ? input.subject.endUserId : null,
    subjectKey,
    siteCloudId: bounded(input.site.cloudId, COLUMN_LENGTH.siteCloudId),
    siteUrl: bounded(input.site.url, COLUMN_LENGTH.siteUrl),
    siteName: bounded(input.site.name, COLUMN_LENGTH.siteName),
    apiBaseUrl: input.apiBaseUrl,
    scopes: input.scopes,
    secretsEncrypted: cipher.encrypt(JSON.stringify(input.secrets), secretsContext(id)),
    expiresAt: input.expiresAt,
    status: 'active',
    statusReason: null,
    refreshedAt: null,
    // New credentials, a new start: a refresh of the old ones in flight must not write over them
    // (its compare-and-set on the lease fails), and their failures are forgotten.
    refreshLeaseOwner: null,
    refreshLeaseUntil: null,
    refreshFailures: 0,
    refreshRetryAt: null,
  });
  return manager.save(ConnectionEntity, row);
}

export function readSecrets(cipher: SecretCipher, connection: ConnectionEntity): ConnectionSecrets {
  return JSON.parse(
    cipher.decrypt(connection.secretsEncrypted, secretsContext(connection.id)),
  ) as ConnectionSecrets;
}
