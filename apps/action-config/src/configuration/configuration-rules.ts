import { ProblemException } from '@actionhub/service-kit';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { problems } from './configuration.problems';

type Authorization = Pick<ActionConfigurationEntity, 'authorizedAt' | 'authorizationRequiredSince'>;

/** An app-level authorization counts only if it completed after the last reason to ask for a new one. */
export function hasCurrentAuthorization(c: Authorization): boolean {
  if (!c.authorizedAt) return false;
  return !c.authorizationRequiredSince || c.authorizedAt.getTime() > c.authorizationRequiredSince.getTime();
}

/** Whether an authorization that completed at `completedAt` is newer than every reason to ignore it. */
export function countsAsNewAuthorization(c: Authorization, completedAt: Date): boolean {
  if (c.authorizationRequiredSince && completedAt.getTime() <= c.authorizationRequiredSince.getTime()) {
    return false;
  }
  return !c.authorizedAt || completedAt.getTime() >= c.authorizedAt.getTime();
}

export type Activation = 'save' | 'enable';

type Guarded = Pick<
  ActionConfigurationEntity,
  | 'state'
  | 'authorizationType'
  | 'mechanism'
  | 'profileDeleted'
  | 'authorizedAt'
  | 'authorizationRequiredSince'
>;

/** Why `save` or `enable` may not run now, or null. `enable` on an enabled action is a no-op, not an error. */
export function activationProblem(c: Guarded, command: Activation): ProblemException | null {
  if (command === 'save' && c.state === 'disabled') return problems.actionDisabled();
  if (command === 'enable' && c.state === 'enabled') return null;
  if (c.profileDeleted) return problems.profileDeleted();
  // A draft stored before the combination was refused on PUT must not go live either.
  if (c.authorizationType === 'user-authorize' && c.mechanism === 'basic') {
    return problems.basicNeedsPreAuthorize();
  }
  if (c.authorizationType === 'pre-authorize' && !hasCurrentAuthorization(c)) {
    return problems.authorizationRequired(
      c.state === 'disabled'
        ? 'Enabling a disabled pre-authorized action needs a new authorization; call authorize first.'
        : c.state === 'error'
          ? 'The authorization is no longer valid; authorize again first.'
          : 'A pre-authorize configuration needs a completed authorization; call authorize and finish it first.',
    );
  }
  return null;
}

/** Which events an allowed save or enable publishes. */
export type ActivationEffect =
  | { kind: 'none' }
  | { kind: 'configured'; firstTime: boolean }
  | { kind: 'enabled'; settingsChanged: boolean };

export function activationEffect(
  c: Pick<ActionConfigurationEntity, 'state' | 'configuredAt' | 'pendingChanges'>,
  command: Activation,
): ActivationEffect {
  if (!c.configuredAt) return { kind: 'configured', firstTime: true };
  if (c.state === 'disabled') return { kind: 'enabled', settingsChanged: c.pendingChanges };
  if (command === 'enable' && c.state === 'enabled') return { kind: 'none' };
  return { kind: 'configured', firstTime: false };
}
