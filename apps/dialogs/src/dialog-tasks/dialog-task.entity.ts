import { DialogDefinition } from '@actionhub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A dialog task built from an installed template. One per installation, enforced by a unique
 * index, so redelivered or duplicated TemplateInstalled events cannot create a second one.
 * An uninstalled task keeps its row (deleted_at) so a late duplicate does not bring it back.
 */
@Entity({ name: 'dialog_task' })
@Index('ix_dialog_task_app', ['appId', 'createdAt'])
@Index('ix_dialog_task_app_action', ['appId', 'actionKey'])
export class DialogTaskEntity {
  @PrimaryColumn({ name: 'dialog_id', type: 'uuid' })
  dialogId!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Index('ux_dialog_task_installation', { unique: true })
  @Column({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'template_key', type: 'text' })
  templateKey!: string;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion!: number;

  @Column({ type: 'text' })
  name!: string;

  /** The template's definition, with each service node's serviceType kept current. */
  @Column({ type: 'jsonb' })
  definition!: DialogDefinition;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
