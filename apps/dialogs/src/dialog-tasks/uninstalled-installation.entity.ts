import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An installation template-installer uninstalled, whether or not its dialog task had been built.
 * TemplateInstalled checks it first: a TemplateInstalled that arrives after the uninstall (a
 * dead letter replayed, a duplicate sent as a new event) creates nothing.
 */
@Entity({ name: 'uninstalled_installation' })
export class UninstalledInstallationEntity {
  @PrimaryColumn({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @CreateDateColumn({ name: 'uninstalled_at', type: 'timestamptz' })
  uninstalledAt!: Date;
}
