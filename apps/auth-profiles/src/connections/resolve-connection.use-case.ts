import { Subject } from '@actionhub/contracts';
import { OutboxWriter } from '@actionhub/messaging';
import { ActionDefinition, findAction } from '@actionhub/providers';
import { ProblemException, SERVICE_CONFIG, SERVICE_LOGGER } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { basicAuthorization } from '../authorizations/basic-credentials.checker';
import { AppConfig } from '../config/auth-profiles.config';
import { SecretCipher } from '../crypto/secret-cipher';
import { database } from '../database/data-source';
import { OAuthProfileResolver } from '../oauth/oauth-profile.resolver';
import { TokenEndpointError, TokenSet } from '../oauth/oauth-profile';
import { PassportOAuth2Client } from '../oauth/passport-oauth2.client';
import { OutboundUrlPolicy } from '../outbound/outbound-url.policy';
import { readSecrets, secretsContext } from './connection-store';
import { ConnectionEntity } from './connection.entity';
import { connectionRefreshFailed } from './connection.events';
import { subjectKeyOf } from './connection.view';
import { RefreshMetrics } from './refresh.metrics';

export interface ResolveCommand {
  appId: string;
  actionKey: string;
  subject: Subject;
  /** The caller's call got 401 for an expired token: refresh even if our clock says it is fresh. */
  forceRefresh: boolean;
  correlationId: string;
}

const WARM_READ = `SELECT * FROM "${database.schema}".connection WHERE app_id = $1 AND action_key = $2 AND subject_key = $3`;

// A forced refresh right after another one (several callers saw the same 401) is not repeated.
const FORCED_REFRESH_QUIET_MS = 10_000;
const TRANSIENT_ATTEMPTS = 3;

/**
 * The runtime's way to a ready Authorization header. Refreshing is single-flight across replicas:
 * the refresh runs under the connection's row lock and stores the rotated refresh token before
 * the lock is released, so no replica ever sends a retired refresh token.
 */
@Injectable()
export class ResolveConnectionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly cipher: SecretCipher,
    private readonly profiles: OAuthProfileResolver,
    private readonly oauth: PassportOAuth2Client,
    private readonly urls: OutboundUrlPolicy,
    private readonly outbox: OutboxWriter,
    private readonly metrics: RefreshMetrics,
  ) {}

  async execute(command: ResolveCommand) {
    // The hot path: one indexed read, mapped by hand from the raw row (no query builder).
    const rows: Record<string, unknown>[] = await this.db.query(WARM_READ, [
      command.appId,
      command.actionKey,
      subjectKeyOf(command.subject),
    ]);
    const connection = rows[0] ? this.fromRow(rows[0]) : null;
    this.assertUsable(connection);
    if (connection.mechanism === 'basic' || !this.needsRefresh(connection, command.forceRefresh)) {
      return this.answer(connection);
    }
    const refreshed = await this.db.transaction((manager) =>
      this.refreshLocked(manager, connection.id, command),
    );
    if (refreshed.outcome === 'final') {
      throw new ProblemException(
        409,
        'reauthorization_required',
        `The connection needs a new authorization: ${refreshed.reason}.`,
      );
    }
    return this.answer(refreshed.connection);
  }

  private async refreshLocked(manager: EntityManager, id: string, command: ResolveCommand) {
    const connection = await manager.findOne(ConnectionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    this.assertUsable(connection);
    // Another request (maybe on another replica) refreshed while we waited for the lock.
    if (!this.needsRefresh(connection, command.forceRefresh)) return { outcome: 'ok' as const, connection };
    const secrets = readSecrets(this.cipher, connection);
    if (secrets.kind !== 'oauth2') return { outcome: 'ok' as const, connection };
    const action = findAction(connection.actionKey) as ActionDefinition;
    if (!secrets.refreshToken)
      return this.failFinally(manager, connection, command, 'no refresh token was granted (offline_access)');
    let tokens: TokenSet;
    try {
      tokens = await this.refreshWithRetries(manager, connection, action, secrets.refreshToken);
    } catch (error) {
      if (error instanceof TokenEndpointError && error.isFinal) {
        this.metrics.outcome('final_failure');
        return this.failFinally(
          manager,
          connection,
          command,
          `the provider refused the refresh (${error.status} ${error.error ?? ''})`.trim(),
        );
      }
      if (error instanceof ProblemException) throw error;
      this.metrics.outcome('transient_failure');
      return this.failTransiently(manager, connection, command, error);
    }
    this.metrics.outcome('refreshed');
    connection.secretsEncrypted = this.cipher.encrypt(
      JSON.stringify({
        kind: 'oauth2',
        accessToken: tokens.accessToken,
        // Providers that do not rotate answer no new refresh token: keep the one we have.
        refreshToken: tokens.refreshToken ?? secrets.refreshToken,
      }),
      secretsContext(connection.id),
    );
    connection.expiresAt = tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : null;
    connection.refreshedAt = new Date();
    if (tokens.scopes) connection.scopes = tokens.scopes;
    await manager.save(ConnectionEntity, connection);
    return { outcome: 'ok' as const, connection };
  }

  private async refreshWithRetries(
    manager: EntityManager,
    c: ConnectionEntity,
    action: ActionDefinition,
    refreshToken: string,
  ) {
    const profile = await this.profiles
      .resolve(manager, c.appId, action, c.profileId)
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
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.oauth.refresh(profile, refreshToken);
      } catch (error) {
        const transient = error instanceof TokenEndpointError && !error.isFinal;
        if (!transient || attempt >= TRANSIENT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
      }
    }
  }

  private async failFinally(
    manager: EntityManager,
    c: ConnectionEntity,
    command: ResolveCommand,
    reason: string,
  ) {
    await manager.update(ConnectionEntity, c.id, { status: 'refresh_failed', statusReason: reason });
    await this.outbox.append(manager, this.refreshFailedEvent(c, command, true, reason));
    this.logger.warn({ connectionId: c.id, appId: c.appId, reason }, 'connection refresh failed for good');
    return { outcome: 'final' as const, reason };
  }

  /** The provider is away: keep the connection, answer the current token if it still works. */
  private async failTransiently(
    manager: EntityManager,
    c: ConnectionEntity,
    command: ResolveCommand,
    error: unknown,
  ) {
    const reason =
      error instanceof TokenEndpointError ? error.message : 'the token endpoint could not be reached';
    await this.outbox.append(manager, this.refreshFailedEvent(c, command, false, reason));
    this.logger.warn({ connectionId: c.id, appId: c.appId, reason }, 'connection refresh failed; will retry');
    if (c.expiresAt && c.expiresAt.getTime() > Date.now() && !command.forceRefresh)
      return { outcome: 'ok' as const, connection: c };
    throw new ProblemException(
      503,
      'provider_unavailable',
      'The provider could not refresh the token just now; try again shortly.',
    );
  }

  private refreshFailedEvent(c: ConnectionEntity, command: ResolveCommand, final: boolean, reason: string) {
    return connectionRefreshFailed(c, command, final, reason);
  }

  private fromRow(row: Record<string, unknown>): ConnectionEntity {
    const metadata = this.db.getMetadata(ConnectionEntity);
    const entity = new ConnectionEntity();
    for (const column of metadata.columns) {
      (entity as unknown as Record<string, unknown>)[column.propertyName] = row[column.databaseName];
    }
    return entity;
  }

  private needsRefresh(c: ConnectionEntity, force: boolean): boolean {
    if (force) return !c.refreshedAt || Date.now() - c.refreshedAt.getTime() > FORCED_REFRESH_QUIET_MS;
    return (
      c.expiresAt !== null && c.expiresAt.getTime() - Date.now() < this.config.REFRESH_AHEAD_SECONDS * 1000
    );
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
