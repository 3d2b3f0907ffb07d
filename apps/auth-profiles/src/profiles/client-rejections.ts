import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { database } from '../database/data-source';
import { OAuthProfile } from '../oauth/oauth-profile';
import { ClientRejectionEntity } from './client-rejection.entity';

const TABLE = `"${database.schema}".client_rejection`;

/** A profile's client as the provider last judged it. */
export type ClientStanding =
  | { kind: 'accepted' }
  /** Rejected, and not to be tried again before recheckAt. */
  | { kind: 'rejected'; reason: string; since: Date; recheckAt: Date }
  /** Rejected before, but the client changed or the recheck time came: try it, and forget on success. */
  | { kind: 'recheck' };

export const profileKeyOf = (profile: Pick<OAuthProfile, 'profileId'>, actionKey: string) =>
  profile.profileId === 'system' ? `system:${actionKey}` : profile.profileId;

/**
 * The profile-level memory of "the provider rejected this client", shared by every replica:
 * recorded once per client, consulted before a refresh, cleared by the first refresh that works.
 */
@Injectable()
export class ClientRejections {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  /** Stands for the client as the provider judges it: its id, its secret and where it is sent. */
  fingerprint(profile: Pick<OAuthProfile, 'clientId' | 'clientSecret' | 'refreshTokenUrl'>): string {
    return this.cipher.fingerprint(
      [profile.clientId, profile.clientSecret, profile.refreshTokenUrl].join('\u0000'),
    );
  }

  async standing(profileKey: string, fingerprint: string): Promise<ClientStanding> {
    const row = await this.db.getRepository(ClientRejectionEntity).findOneBy({ profileKey });
    if (!row) return { kind: 'accepted' };
    if (row.clientFingerprint !== fingerprint || row.recheckAt.getTime() <= Date.now())
      return { kind: 'recheck' };
    return { kind: 'rejected', reason: row.reason, since: row.rejectedAt, recheckAt: row.recheckAt };
  }

  /** The rejections still in force for these profiles (key → current fingerprint), for the API's views. */
  async inForce(fingerprints: Map<string, string>): Promise<Map<string, ClientRejectionEntity>> {
    if (fingerprints.size === 0) return new Map();
    const rows = await this.db
      .getRepository(ClientRejectionEntity)
      .findBy({ profileKey: In([...fingerprints.keys()]) });
    return new Map(
      rows
        .filter((r) => fingerprints.get(r.profileKey) === r.clientFingerprint)
        .map((r) => [r.profileKey, r]),
    );
  }

  /**
   * Records a rejection; answers true only for the first report of this client (a new row, or
   * another client than the one rejected before), so it is reported once across all replicas.
   */
  async record(profileKey: string, fingerprint: string, reason: string, recheckMs: number): Promise<boolean> {
    const [row] = (await this.db.query(
      `INSERT INTO ${TABLE} AS r (profile_key, client_fingerprint, reason, rejected_at, recheck_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
       ON CONFLICT (profile_key) DO UPDATE SET
         rejected_at = CASE WHEN r.client_fingerprint = EXCLUDED.client_fingerprint
                            THEN r.rejected_at ELSE EXCLUDED.rejected_at END,
         client_fingerprint = EXCLUDED.client_fingerprint,
         reason = EXCLUDED.reason,
         recheck_at = EXCLUDED.recheck_at
       RETURNING rejected_at = now() AS first_report`,
      [profileKey, fingerprint, reason.slice(0, 1000), recheckMs / 1000],
    )) as { first_report: boolean }[];
    return row.first_report;
  }

  async clear(profileKey: string): Promise<void> {
    await this.db.getRepository(ClientRejectionEntity).delete({ profileKey });
  }
}
