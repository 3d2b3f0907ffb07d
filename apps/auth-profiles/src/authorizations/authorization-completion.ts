import { OutboxWriter } from '@actionhub/messaging';
import { ActionDefinition } from '@actionhub/providers';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { storeConnection } from '../connections/connection-store';
import { subjectOf } from '../connections/connection.view';
import { SecretCipher } from '../crypto/secret-cipher';
import { ProviderEndpoints } from '../oauth/provider-endpoints';
import { bounded, COLUMN_LENGTH } from '../text/bounded-text';
import { AuthorizationEntity } from './authorization.entity';
import { authorizationCompleted, authorizationFailed } from './authorization.events';
import { AccessibleSite } from './site-choice';

/** A failure to tell the browser about; its message is safe to show and to publish. */
export class AuthorizationFailure extends Error {}

/** What a consent granted, kept from the code exchange until the connection is stored. */
export interface GrantedTokens {
  accessToken: string;
  refreshToken: string | null;
  /** ISO instant, fixed at the exchange so a later site pick does not stretch the token's life. */
  expiresAt: string | null;
  scopes: string[];
}

/**
 * The end of an OAuth authorization, reached from the callback or from the user's site pick:
 * the connection and AuthorizationCompleted in one transaction, or the failed status and
 * AuthorizationFailed. Either way no consent tokens stay on the authorization.
 */
@Injectable()
export class AuthorizationCompletion {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: SecretCipher,
    private readonly endpoints: ProviderEndpoints,
    private readonly outbox: OutboxWriter,
  ) {}

  async connect(
    row: AuthorizationEntity,
    action: ActionDefinition,
    tokens: GrantedTokens,
    chosen: AccessibleSite,
  ): Promise<{ siteName: string }> {
    // The site id addresses the API: one too long for its column cannot be cut, only refused.
    if (chosen.id.length > COLUMN_LENGTH.siteCloudId) {
      throw new AuthorizationFailure(
        `Not connected: the provider named a site id longer than ${COLUMN_LENGTH.siteCloudId} characters.`,
      );
    }
    const site = {
      cloudId: chosen.id,
      url: bounded(chosen.url, COLUMN_LENGTH.siteUrl),
      name: bounded(chosen.name, COLUMN_LENGTH.siteName),
    };
    await this.db.transaction(async (manager) => {
      const connection = await storeConnection(manager, this.cipher, {
        appId: row.appId,
        actionKey: row.actionKey,
        profileId: row.profileId,
        mechanism: 'oauth2',
        subject: subjectOf(row),
        site,
        apiBaseUrl: this.endpoints.oauthApiBaseUrl(action, site.cloudId),
        scopes: tokens.scopes,
        secrets: { kind: 'oauth2', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
        expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
      });
      row.status = 'completed';
      row.connectionId = connection.id;
      await manager.update(AuthorizationEntity, row.id, {
        status: 'completed',
        connectionId: connection.id,
        finishedAt: new Date(),
        ...NO_SITE_CHOICE,
      });
      await this.outbox.append(manager, authorizationCompleted(row, { id: connection.id, site }));
    });
    return { siteName: site.name };
  }

  async fail(row: AuthorizationEntity, fullReason: string): Promise<void> {
    const reason = bounded(fullReason, COLUMN_LENGTH.error);
    row.status = 'failed';
    row.error = reason;
    await this.db.transaction(async (manager) => {
      await manager.update(AuthorizationEntity, row.id, {
        status: 'failed',
        error: reason,
        finishedAt: new Date(),
        ...NO_SITE_CHOICE,
      });
      await this.outbox.append(manager, authorizationFailed(row, reason));
    });
  }
}

/** Clears what a pending site pick keeps: the consent's tokens go as soon as the pick is over. */
export const NO_SITE_CHOICE = { siteChoiceHash: null, siteChoices: null, pendingTokensEncrypted: null };
