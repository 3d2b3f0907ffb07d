import { consent, createProject, land } from '@actionhub/atlassian-sandbox';
import { pickSite, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { Platform } from './support/platform';

// Jira, the second action, end to end on every real part: an empty app configures Jira, installs
// Create Issue from Integration Successful, and a run creates an issue that the sandbox's Jira
// API reads back, for pre-authorize and for user-authorize. The end user reaches two sites and
// picks the second on Actionhub's site picker: the issue lands there, not on "the first".

const platform = new Platform();

beforeAll(async () => {
  await platform.start();
});

afterAll(() => platform.stop());

type Api = Awaited<ReturnType<Platform['developer']>>;
type SandboxUser = ReturnType<Platform['user']>;

const jira = (appId: string, rest = '') => `/v1/apps/${appId}/actions/jira${rest}`;

/** Every site of the user gets a project OPS, so an issue on the wrong site would still be created. */
function withProjects(user: SandboxUser): SandboxUser {
  for (const site of user.sites) {
    createProject(platform.sandbox.state, { cloudId: site.cloudId, key: 'OPS', name: 'Operations' });
  }
  return user;
}

async function configure(api: Api, appId: string, authorizationType: 'pre-authorize' | 'user-authorize') {
  const put = await api('action-config', 'PUT', jira(appId, '/configuration'), {
    authorizationType,
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  expect(put.status).toBe(200);
  if (authorizationType === 'user-authorize') {
    expect((await api('action-config', 'POST', jira(appId, '/configuration/enable'))).status).toBe(200);
    return null;
  }
  const authorize = await api('action-config', 'POST', jira(appId, '/configuration/authorize'), {});
  const developer = withProjects(platform.user());
  expect(
    (await land(await consent(authorize.body.authorizationUrl, { email: developer.email }))).status,
  ).toBe(200);
  const saved = await waitFor(
    'save',
    () => api('action-config', 'POST', jira(appId, '/configuration/save')),
    (a) => a.status !== 409,
  );
  expect(saved.status).toBe(200);
  return developer;
}

/** Integration Successful for Jira -> its templates -> install Create Issue -> the dialog task. */
async function installCreateIssue(api: Api, appId: string): Promise<string> {
  const [notice] = await waitFor(
    'the Integration Successful notice',
    async () => (await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items,
    (items: unknown[]) => items.length === 1,
  );
  expect(notice).toMatchObject({ actionKey: 'jira', options: ['explore-templates', 'skip-for-now'] });
  const templates = await api('template-installer', 'GET', jira(appId, '/templates'));
  expect(templates.body.items.map((t: { templateKey: string }) => t.templateKey)).toEqual(
    expect.arrayContaining(['create-issue', 'get-issue', 'search-issues', 'transition-issue']),
  );
  const install = await api(
    'template-installer',
    'POST',
    jira(appId, '/templates/create-issue/installations'),
  );
  expect(install.status).toBe(202);
  const installation = await waitFor(
    'the installation',
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
  const dialogs = await api('dialogs', 'GET', `/v1/apps/${appId}/dialogs`);
  expect(dialogs.body.items).toEqual([
    expect.objectContaining({
      dialogId: installation.dialogId,
      actionKey: 'jira',
      templateKey: 'create-issue',
    }),
  ]);
  return installation.dialogId;
}

/** The issue as Jira answers it, read with the connection auth-profiles resolves for the subject. */
async function readBack(appId: string, subject: object, key: string) {
  const resolved = await platform.internal(
    'auth-profiles',
    `/internal/v1/apps/${appId}/connections/resolve`,
    {
      actionKey: 'jira',
      subject,
    },
  );
  expect(resolved.status).toBe(200);
  const response = await fetch(`${resolved.body.apiBaseUrl}/issue/${key}?fields=summary,description`, {
    headers: { Authorization: resolved.body.authorization },
  });
  return {
    status: response.status,
    body: (await response.json()) as { key: string; fields: { summary: string } },
  };
}

const newIssue = (summary: string) => ({
  projectKey: 'OPS',
  issueType: 'Task',
  summary,
  description: `${summary}, in detail`,
});

it('pre-authorize: from an empty app to a Jira issue created and read back, with its View Issue link', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  const catalog = await api('action-config', 'GET', `/v1/apps/${appId}/actions`);
  expect(catalog.body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ actionKey: 'jira', region: 'available' })]),
  );
  const developer = await configure(api, appId, 'pre-authorize');
  const dialogId = await installCreateIssue(api, appId);

  const run = await api('dialogs', 'POST', `/v1/apps/${appId}/dialogs/${dialogId}/runs`, {
    endUserId: 'visitor-1',
    inputs: newIssue('Renew the TLS certificate'),
  });
  expect(run.status).toBe(200);
  expect(run.body.status).toBe('completed');
  const key = run.body.output.key as string;
  expect(key).toMatch(/^OPS-\d+$/);
  expect(run.body.links).toEqual([{ label: 'View Issue', url: `${developer!.sites[0].url}/browse/${key}` }]);
  const issue = await readBack(appId, { type: 'app' }, key);
  expect(issue.status).toBe(200);
  expect(issue.body.fields.summary).toBe('Renew the TLS certificate');
});

it('user-authorize: an end user on two sites picks the second, and the issue is created there', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  await configure(api, appId, 'user-authorize');
  const dialogId = await installCreateIssue(api, appId);
  const endUserId = `end-user-${randomUUID().slice(0, 8)}`;
  const run = () =>
    api('dialogs', 'POST', `/v1/apps/${appId}/dialogs/${dialogId}/runs`, {
      endUserId,
      inputs: newIssue('Order a new laptop'),
    });

  const first = await run();
  expect(first.body).toMatchObject({
    status: 'authorization_required',
    authorizationUrl: expect.any(String),
  });
  const endUser = withProjects(platform.user(2));
  const [one, two] = endUser.sites;
  // Atlassian's consent grants the app the site chosen there plus those granted before: here both.
  const earlier = await api('auth-profiles', 'POST', `/v1/apps/${appId}/authorizations`, {
    actionKey: 'jira',
    profileId: 'system',
    subject: { type: 'end-user', endUserId: `${endUserId}-earlier` },
    site: one.cloudId,
  });
  await land(await consent(earlier.body.authorizationUrl, { email: endUser.email, site: one.cloudId }));
  const callbackUrl = await consent(first.body.authorizationUrl, { email: endUser.email, site: two.cloudId });
  const picker = await land(callbackUrl);
  expect(picker.status).toBe(200);
  expect(picker.html).toContain('Choose the site for Jira');
  const picked = await pickSite(callbackUrl, picker.html, two.cloudId);
  expect(picked.status).toBe(200);
  expect(picked.html).toContain(`Authorized for the site ${two.name}`);

  const second = await waitFor(
    'the run after the pick',
    run,
    (a) => a.body.status !== 'authorization_required',
  );
  expect(second.body.status).toBe('completed');
  const key = second.body.output.key as string;
  expect(second.body.links).toEqual([{ label: 'View Issue', url: `${two.url}/browse/${key}` }]);
  const subject = { type: 'end-user', endUserId };
  expect((await readBack(appId, subject, key)).body.fields.summary).toBe('Order a new laptop');
  // Not on the first site: its OPS project has no issue at all.
  const onFirstSite = [...platform.sandbox.state.issues.values()].filter(
    (i) => i.summary === 'Order a new laptop' && i.cloudId === one.cloudId,
  );
  expect(onFirstSite).toEqual([]);
});
