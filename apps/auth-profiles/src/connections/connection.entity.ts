import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ConnectionStatus = 'active' | 'refresh_failed' | 'revoked';

/** What a connection's encrypted column holds. */
export type ConnectionSecrets =
  | { kind: 'oauth2'; accessToken: string; refreshToken: string | null }
  | { kind: 'basic'; username: string; apiToken: string };

/**
 * An app's (or one end user's) stored authorization for an action. One row per app, action and
 * subject: authorizing again replaces the credentials in place.
 */
@Entity({ name: 'connection' })
@Index('connection_subject_unique', ['appId', 'actionKey', 'subjectKey'], { unique: true })
// The sweeper's question (leases left behind), answered without reading every connection.
@Index('connection_refresh_lease_idx', ['refreshLeaseUntil'], { where: '"refresh_lease_owner" IS NOT NULL' })
export class ConnectionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'app_id' })
  appId!: string;

  @Column('varchar', { name: 'action_key', length: 100 })
  actionKey!: string;

  @Column('varchar', { name: 'profile_id', length: 36 })
  profileId!: string;

  @Column('varchar', { length: 10 })
  mechanism!: 'oauth2' | 'basic';

  @Column('varchar', { name: 'subject_type', length: 10 })
  subjectType!: 'app' | 'end-user';

  @Column('varchar', { name: 'end_user_id', length: 255, nullable: true })
  endUserId!: string | null;

  /** "app" or "end-user:<id>": one column for the unique index. */
  @Column('varchar', { name: 'subject_key', length: 270 })
  subjectKey!: string;

  @Column('varchar', { name: 'site_cloud_id', length: 255 })
  siteCloudId!: string;

  @Column('varchar', { name: 'site_url', length: 3000 })
  siteUrl!: string;

  @Column('varchar', { name: 'site_name', length: 255 })
  siteName!: string;

  @Column('varchar', { name: 'api_base_url', length: 3000 })
  apiBaseUrl!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  scopes!: string[];

  /** ConnectionSecrets as JSON, AES-256-GCM (SecretCipher), bound to this row's id. */
  @Column('text', { name: 'secrets_encrypted' })
  secretsEncrypted!: string;

  /** When the access token expires; null for Basic credentials. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('varchar', { length: 20 })
  status!: ConnectionStatus;

  @Column('varchar', { name: 'status_reason', length: 1000, nullable: true })
  statusReason!: string | null;

  @Column('timestamptz', { name: 'refreshed_at', nullable: true })
  refreshedAt!: Date | null;

  /**
   * The refresh lease: who is refreshing this connection (one random id per attempt) and until
   * when. Claimed in a short statement, cleared with the result; an owner left past its expiry
   * means an attempt died after the provider may have rotated the refresh token.
   */
  @Column('uuid', { name: 'refresh_lease_owner', nullable: true })
  refreshLeaseOwner!: string | null;

  @Column('timestamptz', { name: 'refresh_lease_until', nullable: true })
  refreshLeaseUntil!: Date | null;

  /** Transient refresh failures in a row; the cool-down doubles with each. */
  @Column('integer', { name: 'refresh_failures', default: 0 })
  refreshFailures!: number;

  /** No refresh is tried before this (after a transient failure or a 429's Retry-After). */
  @Column('timestamptz', { name: 'refresh_retry_at', nullable: true })
  refreshRetryAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
