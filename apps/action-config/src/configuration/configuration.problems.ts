import { ProblemException } from '@actionhub/service-kit';

// The stable codes clients switch on; see the README's action-config section.
export const problems = {
  actionNotFound: (actionKey: string) =>
    new ProblemException(404, 'action_not_found', `There is no action "${actionKey}".`),
  configurationNotFound: (actionKey: string) =>
    new ProblemException(
      404,
      'configuration_not_found',
      `The action "${actionKey}" has no configuration yet; PUT one first.`,
    ),
  mechanismNotSupported: (actionKey: string, mechanism: string) =>
    new ProblemException(422, 'mechanism_not_supported', `"${actionKey}" does not support "${mechanism}".`, [
      { path: 'body.mechanism', message: `not offered by "${actionKey}"` },
    ]),
  // End users authorize through a browser consent; a shared Basic API token has no end user to ask.
  basicNeedsPreAuthorize: () =>
    new ProblemException(
      422,
      'basic_requires_pre_authorize',
      'Basic authentication (email and API token) is authorized once by the developer: use "pre-authorize" with "basic", or "user-authorize" with "oauth2".',
      [{ path: 'body.authorizationType', message: 'user-authorize needs the oauth2 mechanism' }],
    ),
  editionNotSupported: () =>
    new ProblemException(
      403,
      'edition_not_supported',
      'The trial edition cannot authorize or activate actions; upgrade the app first.',
    ),
  preAuthorizeOnly: () =>
    new ProblemException(
      409,
      'pre_authorize_only',
      'Only a pre-authorize configuration is authorized by the developer; end users authorize a user-authorize one at run time.',
    ),
  authorizationRequired: (detail: string) => new ProblemException(409, 'authorization_required', detail),
  profileDeleted: () =>
    new ProblemException(
      409,
      'profile_deleted',
      'The custom authorization profile in use was deleted; choose another profile (PUT) first.',
    ),
  actionDisabled: () =>
    new ProblemException(409, 'action_disabled', 'The action is disabled; enable it instead of saving it.'),
  actionNotConfigured: () =>
    new ProblemException(409, 'action_not_configured', 'The action is not configured yet; save it first.'),
  authProfilesUnavailable: (detail: string) => new ProblemException(503, 'auth_profiles_unavailable', detail),
};
