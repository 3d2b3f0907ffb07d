import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type InstallationStatus = 'installing' | 'installed' | 'failed' | 'uninstalled';

/** The statuses that hold a template's one slot per app and action (see the unique index). */
export const ACTIVE_STATUSES: InstallationStatus[] = ['installing', 'installed'];

/**
 * One installation of a template for an app. At most one per app, action and template is
 * installing or installed: the partial unique index, not a read before the insert, decides
 * between two concurrent installs. Failed and uninstalled rows stay (for their reason and for
 * late events) and free the slot, so the template can be installed again.
 */
@Entity({ name: 'template_installation' })
@Index('ux_template_installation_active', ['appId', 'actionKey', 'templateKey'], {
  unique: true,
  where: `"status" IN ('installing', 'installed')`,
})
@Index('ix_template_installation_app_action', ['appId', 'actionKey'])
export class TemplateInstallationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'template_key', type: 'text' })
  templateKey!: string;

  @Column({ name: 'template_version', type: 'int' })
  templateVersion!: number;

  @Column({ type: 'text' })
  status!: InstallationStatus;

  /** From DialogTaskCreated ("Go to Dialog"). */
  @Column({ name: 'dialog_id', type: 'uuid', nullable: true })
  dialogId!: string | null;

  /** From DialogTaskCreationFailed: why the definition could not be built. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'uninstalled_at', type: 'timestamptz', nullable: true })
  uninstalledAt!: Date | null;
}
