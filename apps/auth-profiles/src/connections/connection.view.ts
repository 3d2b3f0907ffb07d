import { Subject } from '@actionhub/contracts';
import { ConnectionEntity } from './connection.entity';

export function subjectOf(row: { subjectType: 'app' | 'end-user'; endUserId: string | null }): Subject {
  return row.subjectType === 'app' ? { type: 'app' } : { type: 'end-user', endUserId: row.endUserId ?? '' };
}

export function subjectKeyOf(subject: Subject): string {
  return subject.type === 'app' ? 'app' : `end-user:${subject.endUserId}`;
}

/** A connection as the API shows it: where it reaches and its state, never its credentials. */
export function connectionView(c: ConnectionEntity) {
  return {
    connectionId: c.id,
    actionKey: c.actionKey,
    profileId: c.profileId,
    mechanism: c.mechanism,
    subject: subjectOf(c),
    site: { cloudId: c.siteCloudId, url: c.siteUrl, name: c.siteName },
    scopes: c.scopes,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    status: c.status,
    statusReason: c.statusReason,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
