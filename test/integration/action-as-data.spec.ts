import { ConfluenceConnector, findTemplate, registerAction, TemplateDefinition } from '@actionhub/providers';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import {
  ActionConfigFixture,
  authorizationCompleted,
} from '../../apps/action-config/test/integration/support/action-config-fixture';
import { actionConfigured } from '../../apps/dialogs/test/integration/support/kafka-events';
import { TemplateInstallationFixture } from './template-installation.fixture';

// "An action is data": a third, made-up Atlassian action is registered from here, as data only
// (its definition, one template, an existing connector); no service code knows it, yet
// action-config lists and configures it, template-installer lists and installs its template and
// dialogs builds the dialog task.
const KEY = 'atlas-notes';
const listSpaces = findTemplate('confluence', 'list-spaces')!;
const notesTemplate: TemplateDefinition = {
  ...listSpaces,
  actionKey: KEY,
  key: 'list-notebooks',
  name: 'List Notebooks',
  description: 'List the notebooks the connection can see.',
};
registerAction(
  {
    key: KEY,
    name: 'Atlas Notes',
    description: 'A made-up Atlassian product, added as data alone.',
    mechanisms: ['oauth2'],
    oauth2: {
      identityProviderName: 'Atlassian',
      authorizationUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      refreshTokenUrl: 'https://auth.atlassian.com/oauth/token',
      scopes: ['read:space:confluence', 'offline_access'],
      authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
      tokenRequestAuth: 'client_secret_post',
      accessibleResourcesUrl: 'https://api.atlassian.com/oauth/token/accessible-resources',
    },
    oauth2ApiBaseUrl: 'https://api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2',
    basicApiPath: '/wiki/api/v2',
    basicCheckPath: '/spaces?limit=1',
    templateKeys: ['list-notebooks'],
    connector: (options) => new ConfluenceConnector(options),
  },
  [notesTemplate],
);

describe('a third action added as data alone', () => {
  const config = new ActionConfigFixture();
  const installer = new TemplateInstallationFixture();

  beforeAll(async () => {
    await config.start();
    await installer.start();
  });

  afterAll(async () => {
    await config.stop();
    await installer.stop();
  });

  it('is listed and configurable in action-config', async () => {
    const appId = randomUUID();
    const api = await config.api(appId);
    const list = await api.get(`/v1/apps/${appId}/actions`);
    expect(list.body.items.map((a: { actionKey: string }) => a.actionKey)).toEqual([
      'confluence',
      'jira',
      KEY,
    ]);
    expect(list.body.items[2]).toMatchObject({
      name: 'Atlas Notes',
      mechanisms: ['oauth2'],
      templateCount: 1,
    });

    const path = `/v1/apps/${appId}/actions/${KEY}/configuration`;
    const put = await api.put(path, {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    expect(put.status).toBe(200);
    // Basic is not among its mechanisms: refused as for any action.
    const basic = await api.put(path, {
      authorizationType: 'pre-authorize',
      mechanism: 'basic',
      profile: { kind: 'system' },
    });
    expect(basic.status).toBe(422);
    await config.deliver(authorizationCompleted(appId, { actionKey: KEY }));
    const saved = await api.post(`${path}/save`);
    expect(saved.status).toBe(200);
    await waitFor(
      'ActionConfigured for the made-up action',
      () => config.published(appId, 'ActionConfigured'),
      (events) => events.length === 1 && events[0].payload.actionKey === KEY,
    );
  });

  it('has its template listed and installed, and dialogs builds its dialog task', async () => {
    const app = await installer.newApp();
    await installer.events.send(actionConfigured(app.appId, 'pre-authorize', {}, KEY));
    const base = `/v1/apps/${app.appId}/actions/${KEY}/templates`;
    const listed = await waitFor(
      'the template list',
      async () => (await app.api.get(base)).body,
      (body) => Array.isArray(body.items) && body.items.length === 1,
    );
    expect(listed.items[0]).toMatchObject({
      templateKey: 'list-notebooks',
      name: 'List Notebooks',
      method: 'GET',
    });
    const install = await app.api.post(`${base}/list-notebooks/installations`);
    expect(install.status).toBe(202);
    const done = await installer.waitForStatus(app, install.body.installationId, 'installed');
    expect(done).toMatchObject({ templateKey: 'list-notebooks' });
    const tasks = await installer.dialogTasks(app);
    expect(tasks.map((t) => t.templateKey)).toEqual(['list-notebooks']);
  });
});
