import { Subject } from '@actionhub/contracts';
import { ProblemException, SERVICE_CONFIG } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { basicAuthorization } from '../authorizations/basic-credentials.checker';
import { AppConfig } from '../config/auth-profiles.config';
import { SecretCipher } from '../crypto/secret-cipher';
import { FORCED_REFRESH_QUIET_SECONDS, RefreshOutcome } from './connection-refresher';
import { readSecrets } from './connection-store';
import { ConnectionEntity } from './connection.entity';
import { subjectKeyOf } from './connection.view';
import { RefreshFlights } from './refresh-flights';
import { RefreshLeaseStore } from './refresh-lease.store';
import { RefreshMetrics } from './refresh.metrics';
import { UnavailableMemo } from './unavailable-memo';

export interface ResolveCommand {
  appId: string;
  actionKey: string;
  subject: Subject;
  /** The caller's call got 401 for an expired token: refresh even if our clock says it is fresh. */
  forceRefresh: boolean;
  correlationId: string;
}

const WAITED_ENOUGH = Symbol('waited enough');

/**
 * The runtime's way to a ready Authorization header. A token about to expire is refreshed by
 * one attempt per connection across all replicas (RefreshFlights, the lease); nobody holds a
 * lock or a pool connection while the provider answers. A caller whose token still works waits
 * at most REFRESH_WAIT_MS for that refresh, then gets the current token. A failed refresh is
 * remembered (cool-down, rejected client): until it may be tried again, resolves answer the
 * still-valid token, or refuse at once, without calling the provider.
 */
@Injectable()
export class ResolveConnectionUseCase {
  private readonly unavailable = new UnavailableMemo();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
    private readonly store: RefreshLeaseStore,
    private readonly flights: RefreshFlights,
    private readonly metrics: RefreshMetrics,
  ) {}

  async execute(command: ResolveCommand) {
    const subjectKey = subjectKeyOf(command.subject);
    const memoKey = `${command.appId}:${command.actionKey}:${subjectKey}`;
    const knownRetryAt = this.unavailable.retryAt(memoKey);
    if (knownRetryAt !== null) {
      this.metrics.deferred('cooling_down');
      throw providerUnavailable(knownRetryAt);
    }
    try {
      return await this.resolve(command, subjectKey);
    } catch (error) {
      if (error instanceof ProviderUnavailable) this.unavailable.remember(memoKey, error.retryAt);
      throw error;
    }
  }

  private async resolve(command: ResolveCommand, subjectKey: string) {
    const connection = await this.store.findBySubject(command.appId, command.actionKey, subjectKey);
    this.assertUsable(connection);
    if (connection.mechanism === 'basic' || !this.needsRefresh(connection, command.forceRefresh)) {
      return this.answer(connection);
    }
    if (connection.refreshRetryAt && connection.refreshRetryAt.getTime() > Date.now()) {
      this.metrics.deferred('cooling_down');
      return this.settle({ kind: 'unavailable', connection, retryAt: connection.refreshRetryAt }, command);
    }
    const flight = this.flights.refresh({
      connectionId: connection.id,
      force: command.forceRefresh,
      correlationId: command.correlationId,
    });
    if (!this.stillValid(connection, command.forceRefresh)) return this.settle(await flight, command);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<typeof WAITED_ENOUGH>((resolve) => {
      timer = setTimeout(() => resolve(WAITED_ENOUGH), this.config.REFRESH_WAIT_MS);
    });
    const outcome = await Promise.race([flight, waited]).finally(() => clearTimeout(timer));
    return outcome === WAITED_ENOUGH ? this.answer(connection) : this.settle(outcome, command, connection);
  }

  private settle(outcome: RefreshOutcome, command: ResolveCommand, seen?: ConnectionEntity) {
    switch (outcome.kind) {
      case 'fresh':
        return this.answer(outcome.connection);
      case 'gone':
        return this.assertUsable(null);
      case 'final':
        throw new ProblemException(
          409,
          'reauthorization_required',
          `The connection needs a new authorization: ${outcome.reason}.`,
        );
      case 'client_rejected': {
        const current = newest(outcome.connection, seen);
        if (this.stillValid(current, command.forceRefresh)) return this.answer(current);
        throw new ProblemException(
          409,
          'profile_client_rejected',
          `The provider rejected the OAuth client of this connection's authorization profile (${outcome.reason}); fix the profile's client id or secret. The connection itself is kept.`,
        );
      }
      case 'unavailable': {
        const current = newest(outcome.connection, seen);
        if (this.stillValid(current, command.forceRefresh)) return this.answer(current);
        throw providerUnavailable(outcome.retryAt?.getTime() ?? null);
      }
    }
  }

  private needsRefresh(c: ConnectionEntity, force: boolean): boolean {
    // A refresh left half done (its lease ran out unfinished): the provider may have rotated the token.
    if (c.refreshLeaseOwner && c.refreshLeaseUntil && c.refreshLeaseUntil.getTime() < Date.now()) return true;
    if (force)
      return !c.refreshedAt || Date.now() - c.refreshedAt.getTime() > FORCED_REFRESH_QUIET_SECONDS * 1000;
    return (
      c.expiresAt !== null && c.expiresAt.getTime() - Date.now() < this.config.REFRESH_AHEAD_SECONDS * 1000
    );
  }

  /** The current token can still be handed out (a caller that saw it refused gets a new one or nothing). */
  private stillValid(c: ConnectionEntity, force: boolean): boolean {
    return !force && (c.expiresAt === null || c.expiresAt.getTime() > Date.now());
  }

  private assertUsable(c: ConnectionEntity | null): asserts c is ConnectionEntity {
    if (!c || c.status === 'revoked') {
      throw new ProblemException(
        404,
        'connection_not_found',
        'No connection for this action and subject; authorize first.',
      );
    }
    if (c.status === 'refresh_failed') {
      throw new ProblemException(
        409,
        'reauthorization_required',
        `The connection needs a new authorization: ${c.statusReason ?? 'refresh failed'}.`,
      );
    }
  }

  private answer(c: ConnectionEntity) {
    const secrets = readSecrets(this.cipher, c);
    return {
      connectionId: c.id,
      authorization: secrets.kind === 'basic' ? basicAuthorization(secrets) : `Bearer ${secrets.accessToken}`,
      apiBaseUrl: c.apiBaseUrl,
      site: { cloudId: c.siteCloudId, url: c.siteUrl, name: c.siteName },
      expiresAt: c.expiresAt?.toISOString() ?? null,
    };
  }
}

/** The later of two views of a row (a resolve's own read, and what the refresh saw since). */
function newest(a: ConnectionEntity, b?: ConnectionEntity): ConnectionEntity {
  if (!b) return a;
  return (a.updatedAt?.getTime() ?? 0) >= (b.updatedAt?.getTime() ?? 0) ? a : b;
}

/** A 503 the memo can recognise, with when the provider may be tried again. */
class ProviderUnavailable extends ProblemException {
  constructor(readonly retryAt: number | null) {
    const retryAfterSeconds = retryAt ? Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) : 1;
    super(
      503,
      'provider_unavailable',
      'The provider could not refresh the token just now; try again shortly.',
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

const providerUnavailable = (retryAt: number | null) => new ProviderUnavailable(retryAt);
