import { ActionConfigurationEntity } from '../action-configuration.entity';
import {
  activationEffect,
  activationProblem,
  countsAsNewAuthorization,
  hasCurrentAuthorization,
} from '../configuration-rules';

const t = (s: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, s));

function config(overrides: Partial<ActionConfigurationEntity> = {}): ActionConfigurationEntity {
  return Object.assign(new ActionConfigurationEntity(), {
    state: 'draft',
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profileDeleted: false,
    authorizedAt: null,
    authorizationRequiredSince: null,
    configuredAt: null,
    pendingChanges: false,
    ...overrides,
  });
}

describe('authorization freshness', () => {
  it('counts an authorization only when it completed after the last reason to ask again', () => {
    expect(hasCurrentAuthorization(config())).toBe(false);
    expect(hasCurrentAuthorization(config({ authorizedAt: t(1) }))).toBe(true);
    expect(hasCurrentAuthorization(config({ authorizedAt: t(1), authorizationRequiredSince: t(2) }))).toBe(
      false,
    );
    expect(hasCurrentAuthorization(config({ authorizedAt: t(3), authorizationRequiredSince: t(2) }))).toBe(
      true,
    );
  });

  it('ignores completions older than the disable or than the authorization already known', () => {
    const disabled = config({ authorizedAt: t(1), authorizationRequiredSince: t(5) });
    expect(countsAsNewAuthorization(disabled, t(4))).toBe(false);
    expect(countsAsNewAuthorization(disabled, t(5))).toBe(false);
    expect(countsAsNewAuthorization(disabled, t(6))).toBe(true);
    expect(countsAsNewAuthorization(config({ authorizedAt: t(8) }), t(7))).toBe(false);
  });
});

describe('save and enable guards', () => {
  it('asks a pre-authorize draft for an authorization, not a user-authorize one', () => {
    expect(activationProblem(config(), 'save')?.code).toBe('authorization_required');
    expect(activationProblem(config({ authorizationType: 'user-authorize' }), 'enable')).toBeNull();
    expect(activationProblem(config({ authorizedAt: t(1) }), 'save')).toBeNull();
  });

  it('never lets a user-authorize Basic configuration go live, stored before PUT refused it', () => {
    const basicForEndUsers = config({ authorizationType: 'user-authorize', mechanism: 'basic' });
    expect(activationProblem(basicForEndUsers, 'save')?.code).toBe('basic_requires_pre_authorize');
    expect(activationProblem(basicForEndUsers, 'enable')?.getStatus()).toBe(422);
    expect(activationProblem(config({ mechanism: 'basic', authorizedAt: t(1) }), 'save')).toBeNull();
  });

  it('wants a new authorization to enable a disabled pre-authorized action', () => {
    const disabled = config({
      state: 'disabled',
      configuredAt: t(0),
      authorizedAt: t(1),
      authorizationRequiredSince: t(2),
    });
    expect(activationProblem(disabled, 'enable')?.code).toBe('authorization_required');
    expect(activationProblem({ ...disabled, authorizedAt: t(3) }, 'enable')).toBeNull();
    expect(activationProblem(disabled, 'save')?.code).toBe('action_disabled');
  });

  it('blocks a configuration whose custom profile was deleted', () => {
    const c = config({ authorizationType: 'user-authorize', profileDeleted: true, state: 'error' });
    expect(activationProblem(c, 'enable')?.code).toBe('profile_deleted');
  });

  it('lets enable on an enabled action pass as a no-op', () => {
    const enabled = config({ state: 'enabled', configuredAt: t(0), authorizedAt: t(1) });
    expect(activationProblem({ ...enabled, authorizationRequiredSince: t(2) }, 'enable')).toBeNull();
    expect(activationEffect(enabled, 'enable')).toEqual({ kind: 'none' });
  });
});

describe('what an activation publishes', () => {
  it('is the first configuration only once', () => {
    expect(activationEffect(config(), 'save')).toEqual({ kind: 'configured', firstTime: true });
    expect(activationEffect(config({ state: 'enabled', configuredAt: t(0) }), 'save')).toEqual({
      kind: 'configured',
      firstTime: false,
    });
    expect(activationEffect(config({ state: 'error', configuredAt: t(0) }), 'enable')).toEqual({
      kind: 'configured',
      firstTime: false,
    });
  });

  it('re-enables a disabled action, with its edited settings when there are any', () => {
    const disabled = config({ state: 'disabled', configuredAt: t(0) });
    expect(activationEffect(disabled, 'enable')).toEqual({ kind: 'enabled', settingsChanged: false });
    expect(activationEffect({ ...disabled, pendingChanges: true }, 'enable')).toEqual({
      kind: 'enabled',
      settingsChanged: true,
    });
  });
});
