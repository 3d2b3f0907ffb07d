import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { consent, ConsentBrowser, land } from '@actionhub/atlassian-sandbox';
import { Platform } from './support/platform';

// The seed end to end, every real part: from an empty app to a Confluence page the sandbox reads
// back. Configure (pre-authorize) -> Integration Successful -> install create-content -> the dialog
// task on the Dialogs page -> run -> "View Content"; and the same with user-authorize, where the
// end user's first run answers with an authorization link.

const platform = new Platform();

beforeAll(async () => {
  await platform.start();
});

afterAll(() => platform.stop());

type Api = Awaited<ReturnType<Platform['developer']>>;

async function configure(api: Api, appId: string, authorizationType: 'pre-authorize' | 'user-authorize') {
  const path = `/v1/apps/${appId}/actions/confluence/configuration`;
  const put = await api('action-config', 'PUT', path, {
    authorizationType,
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  expect(put.status).toBe(200);
  if (authorizationType === 'pre-authorize') {
    const authorize = await api('action-config', 'POST', `${path}/authorize`, {});
    const developer = platform.user();
    expect(
      (await land(await consent(authorize.body.authorizationUrl, { email: developer.email }))).status,
    ).toBe(200);
    const saved = await waitFor(
      'save',
      () => api('action-config', 'POST', `${path}/save`),
      (a) => a.status !== 409,
    );
    expect(saved.status).toBe(200);
    return developer;
  }
  expect((await api('action-config', 'POST', `${path}/enable`)).status).toBe(200);
  return null;
}

/** Integration Successful -> Explore Templates -> install create-content -> its dialog task. */
async function installCreateContent(api: Api, appId: string): Promise<string> {
  const [notice] = await waitFor(
    'the Integration Successful notice',
    async () => (await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items,
    (items: unknown[]) => items.length === 1,
  );
  expect(notice.options).toEqual(['explore-templates', 'skip-for-now']);
  const templates = await api('template-installer', 'GET', `/v1/apps/${appId}/actions/confluence/templates`);
  expect(templates.body.items.map((t: { templateKey: string }) => t.templateKey)).toContain('create-content');
  const install = await api(
    'template-installer',
    'POST',
    `/v1/apps/${appId}/actions/confluence/templates/create-content/installations`,
  );
  expect(install.status).toBe(202);
  const installation = await waitFor(
    'the installation to be installed',
    async () =>
      (
        await api(
          'template-installer',
          'GET',
          `/v1/apps/${appId}/installations/${install.body.installationId}`,
        )
      ).body,
    (body: { status: string }) => body.status !== 'installing',
  );
  expect(installation).toMatchObject({ status: 'installed', dialogId: expect.any(String) });
  const page = await api('dialogs', 'GET', `/v1/apps/${appId}/dialogs`);
  expect(page.body.items).toEqual([
    expect.objectContaining({
      dialogId: installation.dialogId,
      actionKey: 'confluence',
      templateKey: 'create-content',
      installationId: install.body.installationId,
    }),
  ]);
  const task = await api('dialogs', 'GET', `/v1/apps/${appId}/dialogs/${installation.dialogId}`);
  const services = task.body.nodes.filter((n: { kind: string }) => n.kind === 'service');
  expect(services.length).toBeGreaterThan(0);
  expect(services.every((n: { serviceType: string }) => n.serviceType === 'integration')).toBe(true);
  return installation.dialogId;
}

/** Reads the page back from the sandbox's Confluence API, with a token of that user. */
async function readBack(appId: string, subject: object, url: string) {
  const pageId = /\/pages\/(\d+)\//.exec(url)?.[1];
  expect(pageId).toBeDefined();
  const resolved = await platform.internal(
    'auth-profiles',
    `/internal/v1/apps/${appId}/connections/resolve`,
    {
      actionKey: 'confluence',
      subject,
    },
  );
  const response = await fetch(`${resolved.body.apiBaseUrl}/pages/${pageId}?body-format=storage`, {
    headers: { Authorization: resolved.body.authorization },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { title: string; body: { storage: { value: string } } };
}

it('pre-authorize: from an empty app to a created Confluence page, with the View Content link', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  const actions = await api('action-config', 'GET', `/v1/apps/${appId}/actions`);
  expect(actions.body.items[0]).toMatchObject({ actionKey: 'confluence', region: 'available' });
  const developer = await configure(api, appId, 'pre-authorize');
  const dialogId = await installCreateContent(api, appId);

  const inputs = {
    contentType: 'page',
    spaceKey: 'DEV',
    contentTitle: 'Launch plan',
    contentBody: '<p>Ship it</p>',
  };
  const run = await api('dialogs', 'POST', `/v1/apps/${appId}/dialogs/${dialogId}/runs`, {
    endUserId: 'visitor-1',
    inputs,
  });
  expect(run.status).toBe(200);
  expect(run.body.status).toBe('completed');
  const link = run.body.links.find((l: { label: string }) => l.label === 'View Content').url as string;
  expect(link.startsWith(`${developer!.sites[0].url}/wiki/spaces/DEV/pages/`)).toBe(true);
  expect(run.body.message).toContain(link);
  const page = await readBack(appId, { type: 'app' }, link);
  expect(page.title).toBe('Launch plan');
  expect(page.body.storage.value).toBe('<p>Ship it</p>');
});

it('user-authorize: the first run answers with an authorization link; after consent the same run creates the page', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  await configure(api, appId, 'user-authorize');
  const dialogId = await installCreateContent(api, appId);

  const inputs = {
    contentType: 'page',
    spaceKey: 'TEAM',
    contentTitle: 'My notes',
    contentBody: '<p>Mine</p>',
  };
  const run = () =>
    api('dialogs', 'POST', `/v1/apps/${appId}/dialogs/${dialogId}/runs`, { endUserId: 'end-user-5', inputs });
  const first = await run();
  expect(first.body).toMatchObject({
    status: 'authorization_required',
    authorizationUrl: expect.any(String),
  });
  const endUser = platform.user();
  const browser = new ConsentBrowser();
  const callback = await browser.consent(first.body.authorizationUrl, { email: endUser.email });
  // Atlassian's answer opened in another browser (a forwarded link) connects nobody.
  const elsewhere = await new ConsentBrowser().land(callback);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.html).toContain('data-code="browser_not_bound"');
  expect((await run()).body.status).toBe('authorization_required');
  expect((await browser.land(callback)).status).toBe(200);

  const second = await waitFor(
    'the run after consent',
    run,
    (a) => a.body.status !== 'authorization_required',
  );
  expect(second.body.status).toBe('completed');
  const link = second.body.links[0].url as string;
  expect(link.startsWith(`${endUser.sites[0].url}/wiki/spaces/TEAM/pages/`)).toBe(true);
  const page = await readBack(appId, { type: 'end-user', endUserId: 'end-user-5' }, link);
  expect(page.title).toBe('My notes');
});
