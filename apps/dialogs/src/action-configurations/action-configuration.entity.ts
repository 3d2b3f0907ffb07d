import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** dialogs' own view of an app's action configuration, fed by action-config's events. */
@Entity({ name: 'action_configuration' })
export class ActionConfigurationEntity {
  @PrimaryColumn({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @PrimaryColumn({ name: 'action_key', type: 'text' })
  actionKey!: string;

  @Column({ name: 'configuration_id', type: 'uuid' })
  configurationId!: string;

  @Column({ name: 'authorization_type', type: 'text' })
  authorizationType!: 'pre-authorize' | 'user-authorize';

  @Column({ type: 'text' })
  mechanism!: 'oauth2' | 'basic';

  /** `{ kind: 'system' }` or `{ kind: 'custom', profileId }`. */
  @Column({ type: 'jsonb' })
  profile!: { kind: 'system' } | { kind: 'custom'; profileId: string };

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** The highest event sequence of this configuration applied here (0: only unnumbered events). */
  @Column({ type: 'int', default: 0 })
  sequence!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
