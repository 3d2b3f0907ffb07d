import { ActionDefinition } from '@actionhub/providers';
import { ProblemException, SERVICE_CONFIG } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig, systemClientOf } from '../config/auth-profiles.config';
import { SecretCipher } from '../crypto/secret-cipher';
import { AuthProfileEntity } from '../profiles/auth-profile.entity';
import { customClientOf } from '../profiles/profile-client';
import { ProfilesService } from '../profiles/profiles.service';
import { OAuthProfile } from './oauth-profile';
import { ProviderEndpoints } from './provider-endpoints';

/** Turns "system" or a custom profile id into the settings one OAuth run needs. */
@Injectable()
export class OAuthProfileResolver {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly profiles: ProfilesService,
    private readonly cipher: SecretCipher,
    private readonly endpoints: ProviderEndpoints,
  ) {}

  async resolve(
    manager: EntityManager,
    appId: string,
    action: ActionDefinition,
    profileId: string,
  ): Promise<OAuthProfile> {
    if (profileId === 'system') return this.system(action);
    const profile = await this.profiles.find(manager, appId, profileId);
    if (profile.type !== 'oauth2') {
      throw new ProblemException(
        422,
        'profile_mechanism_mismatch',
        `Profile ${profileId} is a Basic profile, not OAuth v2.`,
      );
    }
    return this.custom(action, profile);
  }

  private system(action: ActionDefinition): OAuthProfile {
    const client = systemClientOf(this.config, action.key);
    if (!client) {
      throw new ProblemException(
        422,
        'system_profile_not_configured',
        `This deployment has no system ${action.name} app; use a custom profile.`,
      );
    }
    const o = action.oauth2;
    return {
      profileId: 'system',
      ...client,
      authorizationUrl: this.endpoints.browserUrl(o.authorizationUrl),
      tokenUrl: this.endpoints.url(o.tokenUrl),
      refreshTokenUrl: this.endpoints.url(o.refreshTokenUrl),
      scopes: o.scopes,
      authorizationParams: o.authorizationParams,
      tokenRequestAuth: o.tokenRequestAuth,
      pkce: o.pkce ?? false,
      custom: false,
    };
  }

  private custom(action: ActionDefinition, p: AuthProfileEntity): OAuthProfile {
    return {
      profileId: p.id,
      ...customClientOf(p, this.cipher),
      authorizationUrl: p.authorizationUrl ?? '',
      tokenUrl: p.tokenUrl ?? '',
      // An empty scope list or parameter set falls back to what the provider needs.
      scopes: p.scopes.length > 0 ? p.scopes : action.oauth2.scopes,
      authorizationParams: { ...action.oauth2.authorizationParams, ...p.authorizationParams },
      tokenRequestAuth: p.tokenRequestAuth ?? 'client_secret_post',
      pkce: p.pkce,
      custom: true,
    };
  }
}
