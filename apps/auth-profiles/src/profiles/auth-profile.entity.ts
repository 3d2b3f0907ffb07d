import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ProfileType = 'oauth2' | 'basic';
export type TokenRequestAuth = 'client_secret_post' | 'client_secret_basic';

/** A custom authorization profile an app created. System profiles come from configuration. */
@Entity({ name: 'auth_profile' })
@Index('auth_profile_app_name_unique', ['appId', 'name'], { unique: true })
export class AuthProfileEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'app_id' })
  appId!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { length: 10 })
  type!: ProfileType;

  @Column('varchar', { name: 'identity_provider_name', length: 100 })
  identityProviderName!: string;

  @Column('varchar', { length: 1000, nullable: true })
  description!: string | null;

  @Column('varchar', { name: 'client_id', length: 255, nullable: true })
  clientId!: string | null;

  /** AES-256-GCM (SecretCipher), bound to this row's id. */
  @Column('text', { name: 'client_secret_encrypted', nullable: true })
  clientSecretEncrypted!: string | null;

  @Column('varchar', { name: 'authorization_url', length: 3000, nullable: true })
  authorizationUrl!: string | null;

  @Column('varchar', { name: 'token_url', length: 3000, nullable: true })
  tokenUrl!: string | null;

  @Column('varchar', { name: 'refresh_token_url', length: 3000, nullable: true })
  refreshTokenUrl!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  scopes!: string[];

  @Column('jsonb', { name: 'authorization_params', default: () => "'{}'" })
  authorizationParams!: Record<string, string>;

  @Column('varchar', { name: 'token_request_auth', length: 30, nullable: true })
  tokenRequestAuth!: TokenRequestAuth | null;

  @Column('boolean', { default: false })
  pkce!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
