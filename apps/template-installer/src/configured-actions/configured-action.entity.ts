import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** template-installer's own view of which actions an app has configured, from action-config's events. */
@Entity({ name: 'configured_action' })
export class ConfiguredActionEntity {
  @PrimaryColumn({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @PrimaryColumn({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'configuration_id', type: 'uuid' })
  configurationId!: string;

  @Column({ type: 'text' })
  status!: 'enabled' | 'disabled';

  /** The highest event sequence of this configuration applied here (0: only unnumbered events). */
  @Column({ type: 'int', default: 0 })
  sequence!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
