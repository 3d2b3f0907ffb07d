import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A configuration action-config deleted (ActionDeleted). Its id is never reused, so any event of
 * it that arrives later (a replay, a duplicate) is ignored instead of bringing the view back.
 */
@Entity({ name: 'deleted_configuration' })
export class DeletedConfigurationEntity {
  @PrimaryColumn({ name: 'configuration_id', type: 'uuid' })
  configurationId!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @CreateDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date;
}
