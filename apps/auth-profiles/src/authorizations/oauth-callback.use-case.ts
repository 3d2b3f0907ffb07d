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
import { AuthorizationCompletion, AuthorizationFailure as CallbackFailure } from './authorization-completion';
import { ChooseSiteUseCase, SiteChoiceOffer } from './choose-site.use-case';
import { chooseSite, fetchAccessibleSites } from './site-choice';
import { hashState, verifierContext } from './start-authorization.use-case';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

export type CallbackOutcome =
  | { ok: true; authorization: AuthorizationEntity; siteName: string; actionName: string }
  /** Several sites and none named: the browser is shown the site picker. */
  | { ok: 'choose-site'; authorization: AuthorizationEntity; actionName: string; offer: SiteChoiceOffer }
  | { ok: false; authorization: AuthorizationEntity | null; reason: string };

/**
 * GET /v1/oauth/callback: claims the pending authorization by its state (single use), exchanges
 * the code through passport-oauth2, picks the site (or lets the user pick among several) and
 * stores the connection with AuthorizationCompleted in one transaction. Any failure stores
 * nothing but the failed status.
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
    private readonly completion: AuthorizationCompletion,
    private readonly siteChoice: ChooseSiteUseCase,
  ) {}

  async execute(query: CallbackQuery): Promise<CallbackOutcome> {
    if (!query.state) return { ok: false, authorization: null, reason: 'The answer carries no state.' };
    const authorization = await this.claim(hashState(query.state));
    if (!authorization.ok) return { ok: false, authorization: null, reason: authorization.reason };
    const row = authorization.row;
    try {
      if (row.expiresAt.getTime() < Date.now())
        throw new CallbackFailure('The authorization expired; start it again.');
      if (query.error) {
        throw new CallbackFailure(
          query.error === 'access_denied'
            ? 'Access was not allowed.'
            : `The provider answered ${query.error.slice(0, 100)}.`,
        );
      }
      if (!query.code) throw new CallbackFailure('The answer carries no authorization code.');
      return await this.complete(row, query.code);
    } catch (error) {
      const reason =
        error instanceof CallbackFailure ? error.message : 'The authorization could not be completed.';
      if (!(error instanceof CallbackFailure)) {
        this.logger.error({ err: error, authorizationId: row.id }, 'OAuth callback failed');
      }
      await this.completion.fail(row, reason);
      return { ok: false, authorization: row, reason };
    }
  }

  /** Marks the authorization as being answered; a second use of the state finds nothing to claim. */
  private async claim(
    stateHash: string,
  ): Promise<{ ok: true; row: AuthorizationEntity } | { ok: false; reason: string }> {
    const claimed = await this.db
      .createQueryBuilder()
      .update(AuthorizationEntity)
      .set({ finishedAt: () => 'now()' })
      .where('state_hash = :stateHash AND status = :pending AND finished_at IS NULL', {
        stateHash,
        pending: 'pending',
      })
      .returning('*')
      .execute();
    const raw = (claimed.raw as Record<string, unknown>[])[0];
    if (raw) {
      const row = await this.db.getRepository(AuthorizationEntity).findOneByOrFail({ id: raw.id as string });
      return { ok: true, row };
    }
    const known = await this.db.getRepository(AuthorizationEntity).existsBy({ stateHash });
    return {
      ok: false,
      reason: known
        ? 'This authorization link was already used; start again.'
        : 'Unknown state: this answer does not match an authorization.',
    };
  }

  private async complete(row: AuthorizationEntity, code: string): Promise<CallbackOutcome> {
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
