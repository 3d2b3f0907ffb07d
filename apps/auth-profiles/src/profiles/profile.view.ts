import { ActionDefinition } from '@actionhub/providers';
import { AuthProfileEntity } from './auth-profile.entity';
import { ClientRejectionEntity } from './client-rejection.entity';

/**
 * Whether the provider accepts the profile's OAuth client: `client_rejected` after a refresh
 * was refused with 401 or invalid_client (until the client changes or a later refresh works).
 */
const standingOf = (rejection: ClientRejectionEntity | undefined) =>
  rejection
    ? {
        status: 'client_rejected' as const,
        statusReason: rejection.reason,
        statusSince: rejection.rejectedAt.toISOString(),
      }
    : { status: 'active' as const, statusReason: null, statusSince: null };

/** A custom profile as the API shows it: the client secret never leaves, only that it exists. */
export function customProfileView(
  profile: AuthProfileEntity,
  callbackUrl: string,
  rejection?: ClientRejectionEntity,
) {
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
    ...standingOf(rejection),
  };
}

/** The platform's own app for an action, read-only, as configured for this deployment. */
export function systemProfileView(
  action: ActionDefinition,
  clientId: string,
  callbackUrl: string,
  rejection?: ClientRejectionEntity,
) {
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
    pkce: action.oauth2.pkce ?? false,
    readOnly: true,
    ...standingOf(rejection),
  };
}
