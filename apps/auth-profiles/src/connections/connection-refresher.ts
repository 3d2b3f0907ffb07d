import { ActionDefinition, findAction } from '@actionhub/providers';
import { OutboundUrlPolicy, ProblemException, SERVICE_CONFIG, SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/auth-profiles.config';
import { SecretCipher } from '../crypto/secret-cipher';
import { OAuthProfileResolver } from '../oauth/oauth-profile.resolver';
import { OAuthProfile, TokenEndpointError, TokenSet } from '../oauth/oauth-profile';
import { PassportOAuth2Client } from '../oauth/passport-oauth2.client';
import { ProviderBusyError, ProviderCallLimiter } from '../oauth/provider-call-limiter';
import { classifyTokenFailure } from '../oauth/token-failure';
import { ClientRejections, profileKeyOf } from '../profiles/client-rejections';
import { readSecrets, secretsContext } from './connection-store';
import { ConnectionEntity } from './connection.entity';
import { coolDownMs } from './refresh-backoff';
import { RefreshLeaseStore, RefreshNeed } from './refresh-lease.store';
import { RefreshMetrics } from './refresh.metrics';

/** What a refresh attempt came to; `connection` is the row as last seen. */
export type RefreshOutcome =
  | { kind: 'fresh'; connection: ConnectionEntity }
  | { kind: 'gone' }
  | { kind: 'final'; reason: string }
  /** No new token now (cool-down, provider failing or busy, lease held too long): maybe the current one. */
  | { kind: 'unavailable'; connection: ConnectionEntity; retryAt: Date | null }
  | { kind: 'client_rejected'; connection: ConnectionEntity; reason: string };

export interface RefreshRequest {
  connectionId: string;
  force: boolean;
  correlationId: string;
}

// A forced refresh right after another one (several callers saw the same 401) is not repeated.
export const FORCED_REFRESH_QUIET_SECONDS = 10;
const POLL_MS = 50;
// Storing the provider's answer is retried this often: the rotated refresh token exists only in memory until then.
const STORE_ATTEMPTS = 4;

/**
 * One refresh of one connection, run at most once at a time per connection in a process (see
 * RefreshFlights) and across replicas through the lease: claim it in a short statement, call
 * the provider with no transaction open, write the answer with a compare-and-set on the lease.
 * Who finds the lease taken polls the row (a short read every 50 ms, nothing held in between)
 * until the holder is done or its lease runs out.
 */
@Injectable()
export class ConnectionRefresher {
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly store: RefreshLeaseStore,
    private readonly cipher: SecretCipher,
    private readonly profiles: OAuthProfileResolver,
    private readonly oauth: PassportOAuth2Client,
    private readonly limiter: ProviderCallLimiter,
    private readonly urls: OutboundUrlPolicy,
    private readonly rejections: ClientRejections,
    private readonly metrics: RefreshMetrics,
  ) {
    // Long enough for the queue wait and the provider's whole timeout, with room to store the answer.
    this.leaseMs = config.PROVIDER_QUEUE_WAIT_MS + config.OUTBOUND_TIMEOUT_MS + 5_000;
  }

  async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    const need: RefreshNeed = {
      force: request.force,
      quietSeconds: FORCED_REFRESH_QUIET_SECONDS,
      aheadSeconds: this.config.REFRESH_AHEAD_SECONDS,
    };
    const deadline = Date.now() + 2 * this.leaseMs;
    for (;;) {
      const owner = randomUUID();
      const claimed = await this.store.claim(request.connectionId, owner, this.leaseMs, need);
      if (claimed) return this.refreshClaimed(claimed, owner, request);
      const row = await this.store.find(request.connectionId);
      if (!row || row.status === 'revoked') return { kind: 'gone' };
      if (row.status === 'refresh_failed')
        return { kind: 'final', reason: row.statusReason ?? 'refresh failed' };
      if (row.refreshRetryAt && row.refreshRetryAt.getTime() > Date.now())
        return { kind: 'unavailable', connection: row, retryAt: row.refreshRetryAt };
      // Nobody holds it and no cool-down: another attempt finished between our claim and read,
      // or the token no longer needs a refresh. Either way this row is the answer.
      if (!row.refreshLeaseOwner) return { kind: 'fresh', connection: row };
      if (Date.now() >= deadline) return { kind: 'unavailable', connection: row, retryAt: null };
      // Held elsewhere (or just abandoned: the next claim takes it over). Wait without holding anything.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async refreshClaimed(
    c: ConnectionEntity,
    owner: string,
    request: RefreshRequest,
  ): Promise<RefreshOutcome> {
    let profile: OAuthProfile | null = null;
    try {
      const secrets = readSecrets(this.cipher, c);
      if (secrets.kind !== 'oauth2') {
        await this.store.release(c.id, owner);
        return { kind: 'fresh', connection: c };
      }
      if (!secrets.refreshToken)
        return this.failFinally(c, owner, request, 'no refresh token was granted (offline_access)');
      profile = await this.profileOf(c);
      const key = profileKeyOf(profile, c.actionKey);
      const fingerprint = this.rejections.fingerprint(profile);
      const standing = await this.rejections.standing(key, fingerprint);
      if (standing.kind === 'rejected') {
        await this.store.release(c.id, owner);
        return { kind: 'client_rejected', connection: c, reason: standing.reason };
      }
      const tokens = await this.limiter.run(profile.refreshTokenUrl, () =>
        this.oauth.refresh(profile!, secrets.refreshToken!),
      );
      const stored = await this.storeTokens(c, owner, tokens, secrets.refreshToken);
      if (standing.kind === 'recheck') await this.rejections.clear(key);
      if (!stored) return this.afterLostLease(c);
      this.metrics.outcome('refreshed');
      return { kind: 'fresh', connection: stored };
    } catch (error) {
      return this.failed(c, owner, request, profile, error);
    }
  }

  private async failed(
    c: ConnectionEntity,
    owner: string,
    request: RefreshRequest,
    profile: OAuthProfile | null,
    error: unknown,
  ): Promise<RefreshOutcome> {
    if (error instanceof ProviderBusyError) {
      // Our own bulkhead refused, not the provider: no cool-down, the next resolve may try.
      this.metrics.outcome('provider_busy');
      await this.store.release(c.id, owner);
      return { kind: 'unavailable', connection: c, retryAt: null };
    }
    if (!(error instanceof TokenEndpointError)) {
      await this.store.release(c.id, owner).catch(() => undefined);
      throw error;
    }
    const failure = classifyTokenFailure(error);
    if (failure.kind === 'grant_rejected') {
      this.metrics.outcome('final_failure');
      return this.failFinally(c, owner, request, failure.reason);
    }
    if (failure.kind === 'client_rejected' && profile) {
      this.metrics.outcome('client_rejected');
      await this.store.release(c.id, owner);
      await this.reportRejectedClient(c, profile, failure.reason);
      return { kind: 'client_rejected', connection: c, reason: failure.reason };
    }
    this.metrics.outcome('transient_failure');
    const delayMs = coolDownMs(
      c.refreshFailures + 1,
      { baseMs: this.config.REFRESH_BACKOFF_BASE_MS, maxMs: this.config.REFRESH_BACKOFF_MAX_MS },
      failure.kind === 'transient' ? failure.retryAfterMs : null,
    );
    const row = await this.store.coolDown(c, owner, delayMs, failure.reason, request.correlationId);
    this.logger.warn(
      { connectionId: c.id, appId: c.appId, reason: failure.reason, coolDownMs: delayMs },
      'connection refresh failed; cooling down before the next try',
    );
    return row
      ? { kind: 'unavailable', connection: row, retryAt: row.refreshRetryAt }
      : this.afterLostLease(c);
  }

  /** The rotated refresh token exists only in memory until this commits: retry a failing database a little. */
  private async storeTokens(c: ConnectionEntity, owner: string, tokens: TokenSet, previous: string) {
    const secretsEncrypted = this.cipher.encrypt(
      JSON.stringify({
        kind: 'oauth2',
        accessToken: tokens.accessToken,
        // Providers that do not rotate answer no new refresh token: keep the one we have.
        refreshToken: tokens.refreshToken ?? previous,
      }),
      secretsContext(c.id),
    );
    const expiresAt = tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.complete(c.id, owner, { secretsEncrypted, expiresAt, scopes: tokens.scopes });
      } catch (error) {
        if (attempt >= STORE_ATTEMPTS) {
          // The lease stays with our owner id: the sweeper (or the next resolve) refreshes with the
          // previous refresh token, which the provider accepts within its reuse window.
          this.logger.error(
            { connectionId: c.id, err: error },
            'refreshed tokens could not be stored; the connection will be refreshed again',
          );
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  private async failFinally(
    c: ConnectionEntity,
    owner: string,
    request: RefreshRequest,
    reason: string,
  ): Promise<RefreshOutcome> {
    const row = await this.store.failFinally(c, owner, reason, request.correlationId);
    if (!row) return this.afterLostLease(c);
    this.logger.warn({ connectionId: c.id, appId: c.appId, reason }, 'connection refresh failed for good');
    return { kind: 'final', reason };
  }

  /** Someone else took over (our lease ran out) or the connection was revoked or replaced meanwhile. */
  private async afterLostLease(c: ConnectionEntity): Promise<RefreshOutcome> {
    const row = await this.store.find(c.id);
    if (!row || row.status === 'revoked') return { kind: 'gone' };
    if (row.status === 'refresh_failed')
      return { kind: 'final', reason: row.statusReason ?? 'refresh failed' };
    return { kind: 'unavailable', connection: row, retryAt: row.refreshRetryAt };
  }

  private async reportRejectedClient(c: ConnectionEntity, profile: OAuthProfile, reason: string) {
    const key = profileKeyOf(profile, c.actionKey);
    const first = await this.rejections.record(
      key,
      this.rejections.fingerprint(profile),
      reason,
      this.config.CLIENT_REJECTED_RECHECK_MS,
    );
    // Once per client across replicas: the profile is wrong, its connections are not.
    if (first) {
      this.logger.error(
        { profileId: profile.profileId, appId: profile.profileId === 'system' ? undefined : c.appId, reason },
        'the provider rejected the profile’s OAuth client; its connections cannot refresh until the client id or secret is fixed',
      );
    }
  }

  private async profileOf(c: ConnectionEntity): Promise<OAuthProfile> {
    const action = findAction(c.actionKey) as ActionDefinition;
    const profile = await this.profiles
      .resolve(this.db.manager, c.appId, action, c.profileId)
      .catch((error: unknown) => {
        if (error instanceof ProblemException && error.getStatus() === 404) {
          throw new TokenEndpointError(400, 'profile_deleted', 'the authorization profile was deleted');
        }
        throw error;
      });
    if (profile.custom) {
      const refusal = await this.urls.refusal(profile.refreshTokenUrl);
      if (refusal) throw new TokenEndpointError(400, 'url_not_allowed', `refresh token URL ${refusal}`);
    }
    return profile;
  }
}
