import { EventEnvelope, EventType, Topic, Topics } from '@actionhub/contracts';
import { findTemplate } from '@actionhub/providers';
import { ActionConfigurationEntity } from '../../../apps/action-config/src/configuration/action-configuration.entity';
import {
  actionConfigured,
  actionDeleted,
  actionDisabled,
  actionEnabled,
} from '../../../apps/action-config/src/configuration/configuration.events';
import {
  AuthorizationRow,
  authorizationCompleted,
  authorizationFailed,
} from '../../../apps/auth-profiles/src/authorizations/authorization.events';
import {
  connectionRefreshFailed,
  connectionRevoked,
} from '../../../apps/auth-profiles/src/connections/connection.events';
import { authProfileDeleted } from '../../../apps/auth-profiles/src/profiles/profile.events';
import {
  dialogTaskCreated,
  dialogTaskCreationFailed,
  dialogTaskDeleted,
} from '../../../apps/dialogs/src/dialog-tasks/dialog-task.events';
import {
  templateInstalled,
  templateUninstalled,
} from '../../../apps/template-installer/src/installations/installation.events';

// Each producer's messages come from the same functions its use cases and handlers append to
// the outbox, fed with the state those use cases hold (entity rows), so a change in how a service
// builds an event shows up here.

export type ServiceName = 'auth-profiles' | 'action-config' | 'template-installer' | 'dialogs';
export type ProducedEvents = Partial<Record<EventType, () => EventEnvelope>>;

const appId = 'a1b2c3d4-0000-4000-8000-00000000a991';
const request = { correlationId: 'req-5d2c9a' };

const authorization: AuthorizationRow = {
  id: 'b7e0c5a2-1111-4000-8000-000000000001',
  appId,
  actionKey: 'confluence',
  profileId: 'system',
  subjectType: 'app',
  endUserId: null,
  correlationId: request.correlationId,
};
const connection = {
  id: 'c0c0c0c0-2222-4000-8000-000000000002',
  appId,
  actionKey: 'confluence',
  subjectType: 'end-user' as const,
  endUserId: 'end-user-17',
};
const site = {
  cloudId: '11111111-aaaa-4bbb-8ccc-000000000003',
  url: 'https://acme.atlassian.net',
  name: 'Acme',
};

const configuration = (): ActionConfigurationEntity =>
  Object.assign(new ActionConfigurationEntity(), {
    id: 'd1d1d1d1-3333-4000-8000-000000000004',
    appId,
    actionKey: 'confluence',
    state: 'enabled',
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profileKind: 'custom',
    profileId: 'e2e2e2e2-4444-4000-8000-000000000005',
    // What the use cases' nextSequence leaves on the row before they build the event.
    sequence: 3,
  });

const installation = {
  installationId: 'f3f3f3f3-5555-4000-8000-000000000006',
  appId,
  actionKey: 'confluence',
  templateKey: 'create-content',
};
const template = () => {
  const found = findTemplate('confluence', 'create-content');
  if (!found) throw new Error('the create-content template is gone from libs/providers');
  return found;
};
/** dialogs reacts to TemplateInstalled / TemplateUninstalled: their ids travel on. */
const fromInstallEvent = {
  appId,
  correlationId: request.correlationId,
  causationId: '9a9a9a9a-6666-4000-8000-000000000007',
};
const task = { ...installation, dialogId: '8b8b8b8b-7777-4000-8000-000000000008' };

export const producers: Record<ServiceName, { topic: Topic; events: ProducedEvents }> = {
  'auth-profiles': {
    topic: Topics.authProfiles,
    events: {
      AuthorizationCompleted: () => authorizationCompleted(authorization, { id: connection.id, site }),
      AuthorizationFailed: () => authorizationFailed(authorization, 'The user denied access.'),
      ConnectionRefreshFailed: () =>
        connectionRefreshFailed(connection, request, true, 'invalid_grant: refresh token revoked'),
      ConnectionRevoked: () => connectionRevoked(connection, request),
      AuthProfileDeleted: () =>
        authProfileDeleted({ id: 'e2e2e2e2-4444-4000-8000-000000000005', appId }, request),
    },
  },
  'action-config': {
    topic: Topics.actionConfig,
    events: {
      ActionConfigured: () => actionConfigured(configuration(), true, request),
      ActionDisabled: () => actionDisabled(configuration(), request),
      ActionEnabled: () => actionEnabled(configuration(), request),
      ActionDeleted: () => actionDeleted(configuration(), request),
    },
  },
  'template-installer': {
    topic: Topics.templateInstaller,
    events: {
      TemplateInstalled: () => templateInstalled(installation, template(), request),
      TemplateUninstalled: () => templateUninstalled(installation, request),
    },
  },
  dialogs: {
    topic: Topics.dialogs,
    events: {
      DialogTaskCreated: () => dialogTaskCreated(task, fromInstallEvent),
      DialogTaskCreationFailed: () =>
        dialogTaskCreationFailed({ ...installation, reason: 'Unknown entity "space"' }, fromInstallEvent),
      DialogTaskDeleted: () => dialogTaskDeleted(task, fromInstallEvent),
    },
  },
};

/** The service whose topic carries an event type. */
export function producerOf(type: EventType): ServiceName {
  const found = (Object.keys(producers) as ServiceName[]).find((s) => producers[s].events[type]);
  if (!found) throw new Error(`No producer builds ${type}`);
  return found;
}
