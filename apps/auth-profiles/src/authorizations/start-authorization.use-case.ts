import { OutboxWriter } from '@actionhub/messaging';
import { ActionDefinition, findAction } from '@actionhub/providers';
import {
  Edition,
  OutboundHttpClient,
  OutboundUrlPolicy,
  ProblemException,
  SERVICE_CONFIG,
} from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startUrlOf } from '../auth-profiles.providers';
import { AppConfig } from '../config/auth-profiles.config';
import { storeConnection } from '../connections/connection-store';
import { SecretCipher } from '../crypto/secret-cipher';
import { OAuthProfileResolver } from '../oauth/oauth-profile.resolver';
import { assertEndpointsAllowed } from '../profiles/endpoint-check';
import { ProfilesService } from '../profiles/profiles.service';
import { ReturnOriginsStore } from '../return-origins/return-origins.store';
import { AuthorizationEntity } from './authorization.entity';
import { authorizationCompleted, authorizationFailed } from './authorization.events';
import { BasicCredentials, StartAuthorizationInput } from './authorization.schemas';
import { checkBasicCredentials } from './basic-credentials.checker';

export const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
export const verifierContext = (authorizationId: string) => `authorization:${authorizationId}:code_verifier`;

export interface StartAuthorizationCommand {
  appId: string;
  edition: Edition;
  correlationId: string;
  input: StartAuthorizationInput;
}

/**
 * POST /authorizations: OAuth answers an authorization link to our start page (its key stored
 * hashed, bound to app, profile and subject); Basic checks the credentials against the site and
 * stores them. A `returnTo` must be on an origin the app registered.
 */
@Injectable()
export class StartAuthorizationUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly profiles: OAuthProfileResolver,
    private readonly customProfiles: ProfilesService,
    private readonly returnOrigins: ReturnOriginsStore,
    private readonly cipher: SecretCipher,
    private readonly urls: OutboundUrlPolicy,
    private readonly outbox: OutboxWriter,
    private readonly http: OutboundHttpClient,
  ) {}

  async execute(command: StartAuthorizationCommand) {
    // The product: trial editions cannot authorize integrations.
    if (command.edition === 'trial') {
      throw new ProblemException(
        403,
        'edition_not_supported',
        'Trial editions cannot authorize integrations.',
      );
    }
    const action = findAction(command.input.actionKey);
    if (!action)
      throw new ProblemException(404, 'action_not_found', `No action "${command.input.actionKey}".`);
    const { credentials, returnTo } = command.input;
    if (returnTo) await this.returnOrigins.assertAllowed(command.appId, returnTo);
    const mechanism = credentials ? 'basic' : 'oauth2';
    if (!action.mechanisms.includes(mechanism)) {
      throw new ProblemException(
        422,
        'mechanism_not_supported',
        `${action.name} does not support ${mechanism}.`,
      );
    }
    return credentials ? this.basic(command, action, credentials) : this.oauth2(command, action);
  }

  private async oauth2(command: StartAuthorizationCommand, action: ActionDefinition) {
    const { appId, input } = command;
    // Resolved now so a missing or mismatched profile is refused here, not in the user's browser.
    await this.profiles.resolve(this.db.manager, appId, action, input.profileId);
    const id = randomUUID();
    // The link opens our start page, which binds the browser and only then sends it to the
    // provider: the state and PKCE verifier are made there, once a browser holds the cookie.
    const link = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.AUTHORIZATION_TTL_SECONDS * 1000);
    await this.db.getRepository(AuthorizationEntity).insert({
      ...this.baseRow(command, id, 'oauth2'),
      linkHash: hashState(link),
      siteHint: input.site ?? null,
      returnTo: input.returnTo ?? null,
      status: 'pending',
      expiresAt,
    });
    const authorizationUrl = new URL(startUrlOf(this.config));
    authorizationUrl.searchParams.set('link', link);
    return {
      authorizationId: id,
      status: 'pending' as const,
      authorizationUrl: authorizationUrl.toString(),
      expiresAt: expiresAt.toISOString(),
    };
  }

  private async basic(
    command: StartAuthorizationCommand,
    action: ActionDefinition,
    credentials: BasicCredentials,
  ) {
    const { appId, input } = command;
    if (input.profileId !== 'system') {
      const profile = await this.customProfiles.find(this.db.manager, appId, input.profileId);
      if (profile.type !== 'basic') {
        throw new ProblemException(
          422,
          'profile_mechanism_mismatch',
          `Profile ${profile.id} is not a Basic profile.`,
        );
      }
    }
    await assertEndpointsAllowed(this.urls, { siteUrl: credentials.siteUrl }, 'body.credentials');
    const check = await checkBasicCredentials(action, credentials, this.http);
    const id = randomUUID();
    const row = this.baseRow(command, id, 'basic');
    if (!check.ok) {
      await this.db.transaction(async (manager) => {
        await manager.insert(AuthorizationEntity, {
          ...row,
          status: 'failed',
          error: check.reason,
          expiresAt: new Date(),
          finishedAt: new Date(),
        });
        await this.outbox.append(manager, authorizationFailed(row, check.reason));
      });
      if (!check.reachable)
        throw new ProblemException(
          502,
          'provider_unavailable',
          `Could not check the credentials: ${check.reason}.`,
        );
      throw new ProblemException(
        422,
        'credentials_rejected',
        `The credentials were refused: ${check.reason}.`,
      );
    }
    const connectionId = await this.db.transaction(async (manager) => {
      const connection = await storeConnection(manager, this.cipher, {
        appId,
        actionKey: action.key,
        profileId: input.profileId,
        mechanism: 'basic',
        subject: input.subject,
        site: check.site,
        apiBaseUrl: check.apiBaseUrl,
        scopes: [],
        secrets: { kind: 'basic', username: credentials.username, apiToken: credentials.apiToken },
        expiresAt: null,
      });
      await manager.insert(AuthorizationEntity, {
        ...row,
        status: 'completed',
        connectionId: connection.id,
        expiresAt: new Date(),
        finishedAt: new Date(),
      });
      await this.outbox.append(manager, authorizationCompleted(row, { id: connection.id, site: check.site }));
      return connection.id;
    });
    return { authorizationId: id, status: 'completed' as const, connectionId };
  }

  private baseRow(command: StartAuthorizationCommand, id: string, mechanism: 'oauth2' | 'basic') {
    const { subject } = command.input;
    return {
      id,
      appId: command.appId,
      actionKey: command.input.actionKey,
      profileId: command.input.profileId,
      mechanism,
      subjectType: subject.type,
      endUserId: subject.type === 'end-user' ? subject.endUserId : null,
      correlationId: command.correlationId,
    };
  }
}
