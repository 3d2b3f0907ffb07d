import { ProfileRef } from '@actionhub/contracts';
import { ActionDefinition } from '@actionhub/providers';
import { ActionConfigurationEntity, ConfigurationState } from './action-configuration.entity';
import { hasCurrentAuthorization } from './configuration-rules';

export type Region = 'available' | 'configured';
export type ActionStatus = Exclude<ConfigurationState, 'draft'> | null;

export function profileOf(c: Pick<ActionConfigurationEntity, 'profileKind' | 'profileId'>): ProfileRef {
  return c.profileKind === 'custom' && c.profileId
    ? { kind: 'custom', profileId: c.profileId }
    : { kind: 'system' };
}

export function regionOf(c: ActionConfigurationEntity | null): Region {
  return c?.configuredAt ? 'configured' : 'available';
}

export function statusOf(c: ActionConfigurationEntity | null): ActionStatus {
  return c && c.configuredAt && c.state !== 'draft' ? c.state : null;
}

export function configurationView(c: ActionConfigurationEntity) {
  return {
    configurationId: c.id,
    actionKey: c.actionKey,
    state: c.state,
    authorizationType: c.authorizationType,
    mechanism: c.mechanism,
    profile: profileOf(c),
    authorization: c.authorizedAt
      ? {
          authorizationId: c.authorizationId,
          connectionId: c.connectionId,
          site: c.site,
          completedAt: c.authorizedAt.toISOString(),
          // Kept after a disable or a failed refresh, but then no longer enough to enable or save.
          current: hasCurrentAuthorization(c),
        }
      : null,
    profileDeleted: c.profileDeleted,
    pendingChanges: c.pendingChanges,
    error: c.state === 'error' ? { reason: c.errorReason } : null,
    configuredAt: c.configuredAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function actionSummary(action: ActionDefinition, c: ActionConfigurationEntity | null) {
  return {
    actionKey: action.key,
    name: action.name,
    description: action.description,
    region: regionOf(c),
    status: statusOf(c),
    mechanisms: [...action.mechanisms],
    templateCount: action.templateKeys.length,
  };
}

export function actionView(action: ActionDefinition, c: ActionConfigurationEntity | null) {
  return { ...actionSummary(action, c), configuration: c ? configurationView(c) : null };
}
