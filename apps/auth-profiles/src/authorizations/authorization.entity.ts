import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export interface OfferedSite {
  id: string;
  name: string;
  url: string;
}

export type AuthorizationStatus = 'pending' | 'completed' | 'failed';

/** One attempt to authorize an action for a subject: an OAuth consent in flight, or a Basic check. */
@Entity({ name: 'authorization' })
@Index('authorization_app_idx', ['appId', 'createdAt'])
export class AuthorizationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'app_id' })
  appId!: string;

  @Column('varchar', { name: 'action_key', length: 100 })
  actionKey!: string;

  /** A custom profile's id, or "system". */
  @Column('varchar', { name: 'profile_id', length: 36 })
  profileId!: string;

  @Column('varchar', { length: 10 })
  mechanism!: 'oauth2' | 'basic';

  @Column('varchar', { name: 'subject_type', length: 10 })
  subjectType!: 'app' | 'end-user';

  @Column('varchar', { name: 'end_user_id', length: 255, nullable: true })
  endUserId!: string | null;

  /** SHA-256 of the OAuth `state`; the state itself is never stored. */
  @Index('authorization_state_hash_unique', { unique: true })
  @Column('char', { name: 'state_hash', length: 64, nullable: true })
  stateHash!: string | null;

  /**
   * SHA-256 of the authorization link's key (the `link` of /v1/oauth/start); the key itself is
   * only in the link handed out.
   */
  @Index('authorization_link_hash_unique', { unique: true })
  @Column('char', { name: 'link_hash', length: 64, nullable: true })
  linkHash!: string | null;

  /**
   * SHA-256 of the nonce in the cookie of the browser that first opened the link: only that
   * browser may bring the provider's answer back.
   */
  @Column('char', { name: 'browser_binding_hash', length: 64, nullable: true })
  browserBindingHash!: string | null;

  /** The PKCE verifier, encrypted, when the profile uses PKCE. */
  @Column('text', { name: 'code_verifier_encrypted', nullable: true })
  codeVerifierEncrypted!: string | null;

  /** The site the caller named (cloud id, URL or name), to choose among several. */
  @Column('varchar', { name: 'site_hint', length: 3000, nullable: true })
  siteHint!: string | null;

  /**
   * Set while the user picks one of several sites on Actionhub's page: SHA-256 of the one-time
   * token in that page's form, the sites offered, and the consent's tokens (encrypted) until then.
   */
  @Index('authorization_site_choice_hash_unique', { unique: true })
  @Column('char', { name: 'site_choice_hash', length: 64, nullable: true })
  siteChoiceHash!: string | null;

  @Column('jsonb', { name: 'site_choices', nullable: true })
  siteChoices!: OfferedSite[] | null;

  @Column('text', { name: 'pending_tokens_encrypted', nullable: true })
  pendingTokensEncrypted!: string | null;

  @Column('varchar', { name: 'return_to', length: 3000, nullable: true })
  returnTo!: string | null;

  @Column('varchar', { length: 10 })
  status!: AuthorizationStatus;

  @Column('uuid', { name: 'connection_id', nullable: true })
  connectionId!: string | null;

  @Column('varchar', { length: 1000, nullable: true })
  error!: string | null;

  /** The starting request's correlation id, carried into the events the callback publishes. */
  @Column('varchar', { name: 'correlation_id', length: 128 })
  correlationId!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
