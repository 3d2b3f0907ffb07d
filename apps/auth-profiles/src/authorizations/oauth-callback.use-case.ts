import { ActionDefinition, findAction } from '@actionhub/providers';
import { OutboundHttpClient, OutboundUrlPolicy, SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../crypto/secret-cipher';
import { OAuthProfileResolver } from '../oauth/oauth-profile.resolver';
import { TokenEndpointError } from '../oauth/oauth-profile';
import { PassportOAuth2Client } from '../oauth/passport-oauth2.client';
import { ProviderEndpoints } from '../oauth/provider-endpoints';
import { AuthorizationEntity } from './authorization.entity';
import { AuthorizationCompletion, AuthorizationFailure } from './authorization-completion';
import { BrowserBinding } from './browser-binding';
import { ChooseSiteUseCase, SiteChoiceOffer } from './choose-site.use-case';
import { otherBrowser, unusableLink } from './link-refusal';
import { chooseSite, fetchAccessibleSites } from './site-choice';
import { hashState, verifierContext } from './start-authorization.use-case';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** `nonce`: the browser's binding, spent now (the controller drops it from the cookie). */
export type CallbackOutcome =
  | { ok: true; authorization: AuthorizationEntity; siteName: string; actionName: string; nonce: string }
  /** Several sites and none named: the browser is shown the site picker. */
  | {
      ok: 'choose-site';
      authorization: AuthorizationEntity;
      actionName: string;
      offer: SiteChoiceOffer;
      nonce: string;
    }
  | {
      ok: false;
      authorization: AuthorizationEntity;
      reason: string;
      code: CallbackFailureCode;
      nonce: string;
    };

export type CallbackFailureCode = 'authorization_link_invalid' | 'authorization_failed';

/** A failure to tell the browser about; `reason` is safe to show and to publish. */
class CallbackFailure extends Error {
  constructor(
    message: string,
    readonly code: CallbackFailureCode = 'authorization_failed',
  ) {
    super(message);
  }
}

/**
 * GET /v1/oauth/callback: claims the pending authorization by its state (single use, and only
 * from the browser the authorization link bound), exchanges the code through passport-oauth2,
 * picks the site (or lets the user pick among several) and stores the connection with
 * AuthorizationCompleted in one transaction. Any failure stores nothing but the failed status.
 */
@Injectable()
export class OAuthCallbackUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly profiles: OAuthProfileResolver,
    private readonly oauth: PassportOAuth2Client,
    private readonly endpoints: ProviderEndpoints,
    private readonly cipher: SecretCipher,
    private readonly urls: OutboundUrlPolicy,
    private readonly http: OutboundHttpClient,
    private readonly binding: BrowserBinding,
    private readonly completion: AuthorizationCompletion,
    private readonly siteChoice: ChooseSiteUseCase,
  ) {}

  /**
   * Throws LinkRefusal, changing nothing, when the answer cannot be taken: no or an unknown
   * state, an authorization already answered, or a browser without the cookie of the one that
   * opened the link (the legitimate browser can still finish it).
   */
  async execute(query: CallbackQuery, cookieHeader: string | undefined): Promise<CallbackOutcome> {
    if (!query.state) throw unusableLink('The answer carries no state; start the authorization again.');
    const { row, nonce } = await this.claim(hashState(query.state), this.binding.noncesOf(cookieHeader));
    try {
      if (row.expiresAt.getTime() < Date.now()) {
        throw new CallbackFailure(
          'The authorization link expired; start it again.',
          'authorization_link_invalid',
        );
      }
      if (query.error) {
        throw new CallbackFailure(
          query.error === 'access_denied'
            ? 'Access was not allowed.'
            : `The provider answered ${query.error.slice(0, 100)}.`,
        );
      }
      if (!query.code) throw new CallbackFailure('The answer carries no authorization code.');
      return { ...(await this.complete(row, query.code)), nonce };
    } catch (error) {
      const told = error instanceof CallbackFailure || error instanceof AuthorizationFailure;
      const reason = told ? error.message : 'The authorization could not be completed.';
      if (!told) this.logger.error({ err: error, authorizationId: row.id }, 'OAuth callback failed');
      await this.completion.fail(row, reason);
      const code = error instanceof CallbackFailure ? error.code : 'authorization_failed';
      return { ok: false, authorization: row, reason, code, nonce };
    }
  }

  /**
   * Marks the authorization as being answered, only for the browser bound to it; a second use
   * of the state finds nothing to claim.
   */
  private async claim(
    stateHash: string,
    nonces: string[],
  ): Promise<{ row: AuthorizationEntity; nonce: string }> {
    const found = await this.db.getRepository(AuthorizationEntity).findOneBy({ stateHash });
    if (!found)
      throw unusableLink('Unknown state: this answer does not match an authorization; start again.');
    if (found.status !== 'pending' || found.finishedAt) {
      throw unusableLink('This authorization link was already used; start again.');
    }
    const nonce = this.binding.matching(nonces, found.browserBindingHash);
    if (!nonce) {
      throw otherBrowser(
        'This browser did not open the authorization link. Finish the authorization in the browser where the link was opened, or ask for a new link.',
      );
    }
    const claimed = await this.db
      .createQueryBuilder()
      .update(AuthorizationEntity)
      .set({ finishedAt: () => 'now()' })
      .where('state_hash = :stateHash AND status = :pending AND finished_at IS NULL', {
        stateHash,
        pending: 'pending',
      })
      .andWhere('browser_binding_hash = :bindingHash', { bindingHash: found.browserBindingHash })
      .returning('*')
      .execute();
    const raw = (claimed.raw as Record<string, unknown>[])[0];
    if (!raw) throw unusableLink('This authorization link was already used; start again.');
    const row = await this.db.getRepository(AuthorizationEntity).findOneByOrFail({ id: raw.id as string });
    return { row, nonce };
  }

  private async complete(row: AuthorizationEntity, code: string): Promise<DistributiveOmit<CallbackOutcome>> {
    const action = findAction(row.actionKey) as ActionDefinition;
    const profile = await this.profiles.resolve(this.db.manager, row.appId, action, row.profileId);
    if (profile.custom) {
      const refusal = await this.urls.refusal(profile.tokenUrl);
      if (refusal) throw new CallbackFailure(`The profile's token URL ${refusal}.`);
    }
    const verifier = row.codeVerifierEncrypted
      ? this.cipher.decrypt(row.codeVerifierEncrypted, verifierContext(row.id))
      : null;
    const tokens = await this.oauth.exchangeCode(profile, code, verifier).catch((error: unknown) => {
      if (error instanceof TokenEndpointError) {
        throw new CallbackFailure(
          `The provider refused the authorization code (${error.status ?? 'no answer'} ${error.error ?? ''}).`.replace(
            ' )',
            ')',
          ),
        );
      }
      throw error;
    });
    const resourcesUrl = this.endpoints.accessibleResourcesUrl(action);
    const sites = resourcesUrl
      ? await fetchAccessibleSites(resourcesUrl, tokens.accessToken, this.http).catch((e: Error) => {
          throw new CallbackFailure(`The sites of the authorization could not be read: ${e.message}.`);
        })
      : [];
    const granted = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000).toISOString() : null,
      scopes: tokens.scopes ?? profile.scopes,
    };
    const choice = chooseSite(sites, row.siteHint);
    if (!choice.ok && 'several' in choice) {
      const offer = await this.siteChoice.offer(row, granted, choice.several);
      return { ok: 'choose-site', authorization: row, actionName: action.name, offer };
    }
    if (!choice.ok) throw new CallbackFailure(`Not connected: ${choice.reason}.`);
    const { siteName } = await this.completion.connect(row, action, granted, choice.site);
    return { ok: true, authorization: row, siteName, actionName: action.name };
  }
}

/** An outcome before the browser's spent binding is added to it. */
type DistributiveOmit<T> = T extends unknown ? Omit<T, 'nonce'> : never;
