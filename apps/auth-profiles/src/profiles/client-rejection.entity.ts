import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The provider rejected a profile's OAuth client (401, invalid_client) when refreshing: the
 * profile is wrong (a bad System secret, a revoked custom client), not its connections. One row
 * per profile, for the client it was seen with: a changed client id, secret or token URL (a PATCH,
 * a redeploy with a new System secret) no longer matches the fingerprint, so it is tried again.
 */
@Entity({ name: 'client_rejection' })
export class ClientRejectionEntity {
  /** `system:<actionKey>` for a System profile, else the custom profile's id. */
  @PrimaryColumn('varchar', { name: 'profile_key', length: 120 })
  profileKey!: string;

  /** HMAC of the client id, secret and token URL (SecretCipher.fingerprint): never the secret. */
  @Column('varchar', { name: 'client_fingerprint', length: 64 })
  clientFingerprint!: string;

  @Column('varchar', { length: 1000 })
  reason!: string;

  @Column('timestamptz', { name: 'rejected_at' })
  rejectedAt!: Date;

  /** Until then, refreshes with this client are not tried; after it, the next one checks again. */
  @Column('timestamptz', { name: 'recheck_at' })
  recheckAt!: Date;
}
