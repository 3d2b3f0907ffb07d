import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An installation whose definition could not be built; remembered so a duplicate fails the same, once. */
@Entity({ name: 'dialog_task_failure' })
export class DialogTaskFailureEntity {
  @PrimaryColumn({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'template_key', type: 'text' })
  templateKey!: string;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ name: 'failed_at', type: 'timestamptz' })
  failedAt!: Date;
}
