import { ActionDefinition, findAction } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { OAuthProfileResolver } from '../oauth/oauth-profile.resolver';
import { PassportOAuth2Client } from '../oauth/passport-oauth2.client';
import { AuthorizationEntity } from './authorization.entity';
import { BrowserBinding, hashNonce, newNonce } from './browser-binding';
import { otherBrowser, unusableLink } from './link-refusal';
import { hashState, verifierContext } from './start-authorization.use-case';

const LINK = /^[A-Za-z0-9_-]{43}$/;

export interface OpenedLink {
  /** The provider's consent page. */
  redirectTo: string;
  setCookie: string;
}

/**
 * GET /v1/oauth/start?link=: the first browser to open an authorization link is bound to it (a
 * nonce in its cookie, the nonce's hash on the row); the state and the PKCE verifier are made
 * now and the browser goes on to the provider. The same browser may open the link again (a new
 * state replaces the old); any other browser is refused, and so is an unknown, used or expired link.
 */
@Injectable()
export class OpenAuthorizationLinkUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly binding: BrowserBinding,
    private readonly profiles: OAuthProfileResolver,
    private readonly oauth: PassportOAuth2Client,
    private readonly cipher: SecretCipher,
  ) {}

  async execute(link: string | undefined, cookieHeader: string | undefined): Promise<OpenedLink> {
    if (!link || !LINK.test(link))
      throw unusableLink('The link is incomplete; use the whole link you were given.');
    const row = await this.db.getRepository(AuthorizationEntity).findOneBy({ linkHash: hashState(link) });
    if (!row) throw unusableLink('This authorization link is unknown; ask for a new one.');
    if (row.status !== 'pending' || row.finishedAt) {
      throw unusableLink('This authorization link was already used; ask for a new one.');
    }
    if (row.expiresAt.getTime() < Date.now()) {
      throw unusableLink('This authorization link has expired; ask for a new one.');
    }
    const sent = this.binding.noncesOf(cookieHeader);
    const nonce = row.browserBindingHash ? this.binding.matching(sent, row.browserBindingHash) : newNonce();
    if (!nonce) throw boundElsewhere();

    const action = findAction(row.actionKey) as ActionDefinition;
    const profile = await this.profiles.resolve(this.db.manager, row.appId, action, row.profileId);
    const state = randomBytes(32).toString('base64url');
    const { url, codeVerifier } = await this.oauth.authorizationUrl(profile, state);
    const bindingHash = hashNonce(nonce);
    // Only while still pending, and unbound or bound to this same browser: of two browsers
    // opening the link at once, one wins.
    const bound = await this.db
      .createQueryBuilder()
      .update(AuthorizationEntity)
      .set({
        browserBindingHash: bindingHash,
        stateHash: hashState(state),
        codeVerifierEncrypted: codeVerifier
          ? this.cipher.encrypt(codeVerifier, verifierContext(row.id))
          : null,
      })
      .where('id = :id AND status = :pending AND finished_at IS NULL', { id: row.id, pending: 'pending' })
      .andWhere('(browser_binding_hash IS NULL OR browser_binding_hash = :bindingHash)', { bindingHash })
      .execute();
    if (!bound.affected) throw boundElsewhere();
    return { redirectTo: url, setCookie: this.binding.setCookie([nonce, ...sent]) };
  }
}

const boundElsewhere = () =>
  otherBrowser(
    'This authorization link was opened in another browser. Open it in the browser where you first opened it, or ask for a new link.',
  );
