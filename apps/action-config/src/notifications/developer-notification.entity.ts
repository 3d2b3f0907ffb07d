import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type NotificationType = 'reauthorization_required' | 'auth_profile_deleted';

/** Something the app's developers must act on, e.g. re-authorize after a token died for good. */
@Entity({ name: 'developer_notification' })
@Index('ix_developer_notification_app', ['appId', 'createdAt'])
export class DeveloperNotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'configuration_id', type: 'uuid' })
  configurationId!: string;

  @Column({ type: 'text' })
  type!: NotificationType;

  @Column({ type: 'text' })
  message!: string;

  /** The event that caused it, for tracing. */
  @Column({ name: 'cause_event_id', type: 'uuid' })
  causeEventId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
