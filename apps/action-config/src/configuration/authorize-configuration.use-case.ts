import { AppPrincipal, ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppAuthorizationAnswer, AuthProfilesClient } from '../auth-profiles/auth-profiles.client';
import { countsAsNewAuthorization } from './configuration-rules';
import { problems } from './configuration.problems';
import { ConfigurationStore } from './configuration.store';

const authorizeBody = z
  .object({
    returnTo: z.string().url().optional(),
    /** Which site to connect when the developer's account reaches several (cloud id, URL or name). */
    site: z.string().min(1).max(3000).optional(),
    credentials: z
      .object({
        siteUrl: z.string().url(),
        username: z.string().min(1).max(255),
        apiToken: z.string().min(1).max(1000),
      })
      .strict()
      .optional(),
  })
  .strict();

// The body is optional: an OAuth authorization needs nothing but the configuration.
export const authorizeSchema = z.preprocess((body) => body ?? {}, authorizeBody);

export type AuthorizeInput = z.output<typeof authorizeSchema>;

/**
 * Asks auth-profiles for the app-level authorization of a pre-authorize configuration and relays
 * its answer. The configuration learns that an OAuth authorization finished from
 * AuthorizationCompleted; a Basic one is checked at once, so its answer counts right away.
 */
@Injectable()
export class AuthorizeConfigurationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ConfigurationStore,
    private readonly authProfiles: AuthProfilesClient,
  ) {}

  async execute(
    principal: AppPrincipal,
    appId: string,
    actionKey: string,
    input: AuthorizeInput,
    correlationId: string,
  ): Promise<AppAuthorizationAnswer> {
    if (principal.edition === 'trial') throw problems.editionNotSupported();
    this.store.actionOr404(actionKey);
    const c = await this.store.find(appId, actionKey);
    if (!c) throw problems.configurationNotFound(actionKey);
    if (c.authorizationType !== 'pre-authorize') throw problems.preAuthorizeOnly();
    if (c.profileDeleted) throw problems.profileDeleted();
    checkCredentials(c.mechanism, input);

    const requestedAt = new Date();
    const answer = await this.authProfiles.createAppAuthorization(
      appId,
      {
        actionKey,
        profileId: c.profileKind === 'custom' && c.profileId ? c.profileId : 'system',
        edition: principal.edition,
        returnTo: input.returnTo,
        site: input.site,
        credentials: input.credentials,
      },
      correlationId,
    );
    if (answer.status === 'completed' && answer.connectionId) {
      await this.recordCompleted(c.id, appId, actionKey, answer, requestedAt, c.profileId);
    }
    return answer;
  }

  private recordCompleted(
    configurationId: string,
    appId: string,
    actionKey: string,
    answer: AppAuthorizationAnswer,
    requestedAt: Date,
    profileId: string | null,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.store.lock(manager, appId, actionKey);
      // Deleted, recreated or re-pointed at another profile while auth-profiles was answering.
      if (!c || c.id !== configurationId || c.profileId !== profileId) return;
      if (!countsAsNewAuthorization(c, requestedAt)) return;
      c.authorizationId = answer.authorizationId;
      c.connectionId = answer.connectionId ?? null;
      c.authorizedAt = new Date();
      await manager.save(c);
    });
  }
}

function checkCredentials(mechanism: string, input: AuthorizeInput): void {
  const wrong = (message: string) =>
    new ProblemException(400, 'validation_failed', 'The request is not valid; see errors for each problem.', [
      { path: 'body.credentials', message },
    ]);
  if (mechanism === 'basic' && !input.credentials) throw wrong('Required for the basic mechanism');
  if (mechanism === 'oauth2' && input.credentials) throw wrong('Not accepted for the oauth2 mechanism');
}
