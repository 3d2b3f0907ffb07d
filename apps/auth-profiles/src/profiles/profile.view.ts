import { ActionDefinition } from '@actionhub/providers';
import { AuthProfileEntity } from './auth-profile.entity';

/** A custom profile as the API shows it: the client secret never leaves, only that it exists. */
export function customProfileView(profile: AuthProfileEntity, callbackUrl: string) {
  const common = {
    profileId: profile.id,
    kind: 'custom' as const,
    type: profile.type,
    name: profile.name,
    identityProviderName: profile.identityProviderName,
    description: profile.description,
    callbackUrl,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
  if (profile.type === 'basic') return common;
  return {
    ...common,
    clientId: profile.clientId,
    hasClientSecret: profile.clientSecretEncrypted !== null,
    authorizationUrl: profile.authorizationUrl,
    tokenUrl: profile.tokenUrl,
    refreshTokenUrl: profile.refreshTokenUrl ?? profile.tokenUrl,
    scopes: profile.scopes,
    authorizationParams: profile.authorizationParams,
    tokenRequestAuth: profile.tokenRequestAuth ?? 'client_secret_post',
    pkce: profile.pkce,
  };
}

/** The platform's own app for an action, read-only, as configured for this deployment. */
export function systemProfileView(action: ActionDefinition, clientId: string, callbackUrl: string) {
  return {
    profileId: 'system' as const,
    kind: 'system' as const,
    type: 'oauth2' as const,
    actionKey: action.key,
    name: `${action.name} (System)`,
    identityProviderName: action.oauth2.identityProviderName,
    callbackUrl,
    clientId,
    hasClientSecret: true,
    authorizationUrl: action.oauth2.authorizationUrl,
    tokenUrl: action.oauth2.tokenUrl,
    refreshTokenUrl: action.oauth2.refreshTokenUrl,
    scopes: action.oauth2.scopes,
    authorizationParams: action.oauth2.authorizationParams,
    tokenRequestAuth: action.oauth2.tokenRequestAuth,
    pkce: false,
    readOnly: true,
  };
}
