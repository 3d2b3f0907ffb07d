import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One run of a dialog task and how it ended. A failed run's reason stays here and in the log,
 * never in the answer: the end user gets "Something went wrong" and the error id to quote.
 */
@Entity({ name: 'dialog_run' })
@Index('ix_dialog_run_dialog', ['dialogId', 'createdAt'])
export class DialogRunEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ name: 'dialog_id', type: 'uuid' })
  dialogId!: string;

  @Column({ name: 'end_user_id', type: 'text' })
  endUserId!: string;

  @Column({ type: 'text' })
  status!: 'completed' | 'input_required' | 'authorization_required' | 'failed';

  @Index('ux_dialog_run_error', { unique: true, where: 'error_id IS NOT NULL' })
  @Column({ name: 'error_id', type: 'uuid', nullable: true })
  errorId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
