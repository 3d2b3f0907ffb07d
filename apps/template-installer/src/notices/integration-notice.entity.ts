import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * "Integration Successful": offered once per app and action when the action is first configured.
 * The unique index, not only the inbox, keeps it single: a second `firstTime` event (replayed from
 * another source, or produced twice) finds the row and changes nothing.
 */
@Entity({ name: 'integration_notice' })
@Index('uq_integration_notice_app_action', ['appId', 'actionKey'], { unique: true })
export class IntegrationNoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'configuration_id', type: 'uuid' })
  configurationId!: string;

  /** The ActionConfigured event that created it. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Skip for Now. */
  @Column({ name: 'dismissed_at', type: 'timestamptz', nullable: true })
  dismissedAt!: Date | null;
}
