import { AuthorizationType, Mechanism, Site } from '@actionhub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ConfigurationState = 'draft' | 'enabled' | 'disabled' | 'error';

/**
 * One app's configuration of one action. The row exists from the first PUT until DELETE;
 * `configuredAt` set means the action sits in the Configured region.
 */
@Entity({ name: 'action_configuration' })
@Index('uq_action_configuration_app_action', ['appId', 'actionKey'], { unique: true })
export class ActionConfigurationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ type: 'text' })
  state!: ConfigurationState;

  @Column({ name: 'authorization_type', type: 'text' })
  authorizationType!: AuthorizationType;

  @Column({ type: 'text' })
  mechanism!: Mechanism;

  @Column({ name: 'profile_kind', type: 'text' })
  profileKind!: 'system' | 'custom';

  @Column({ name: 'profile_id', type: 'uuid', nullable: true })
  profileId!: string | null;

  /** The latest app-level authorization for this profile (kept on disable, as the product does). */
  @Column({ name: 'authorization_id', type: 'uuid', nullable: true })
  authorizationId!: string | null;

  @Column({ name: 'connection_id', type: 'uuid', nullable: true })
  connectionId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  site!: Site | null;

  @Column({ name: 'authorized_at', type: 'timestamptz', nullable: true })
  authorizedAt!: Date | null;

  /**
   * Authorizations completed at or before this instant no longer count: set on disable, on a
   * final refresh failure, on a deleted profile and when the authorization settings change.
   */
  @Column({ name: 'authorization_required_since', type: 'timestamptz', nullable: true })
  authorizationRequiredSince!: Date | null;

  /** The custom profile in use was deleted in auth-profiles: a PUT with another profile is needed. */
  @Column({ name: 'profile_deleted', type: 'boolean', default: false })
  profileDeleted!: boolean;

  /** Settings changed by a PUT after the action was configured, not yet published by a save or enable. */
  @Column({ name: 'pending_changes', type: 'boolean', default: false })
  pendingChanges!: boolean;

  @Column({ name: 'error_reason', type: 'text', nullable: true })
  errorReason!: string | null;

  /**
   * Counts the events published for this configuration: incremented in the transaction that
   * changes it, carried as `sequence` by ActionConfigured/Enabled/Disabled so consumers can tell
   * a late replay from news.
   */
  @Column({ type: 'int', default: 0 })
  sequence!: number;

  @Column({ name: 'configured_at', type: 'timestamptz', nullable: true })
  configuredAt!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
