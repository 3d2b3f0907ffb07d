import { JIRA_SCOPES } from '../../../../src';
import { createIssue, createProject, NewProject } from '../../../../src/jira/jira-store';
import { JiraIssue, JiraProject } from '../../../../src/state/sandbox-model';
import {
  call,
  expectDocumented as expectInDocument,
  JsonResponse,
  SiteFixture,
} from '../../support/site-fixture';

export { call, JsonResponse, JIRA_SCOPES };

/** A minimal ADF document with one paragraph. */
export const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** One way into Jira: the REST base and the headers that authenticate on it. */
export interface Way {
  name: string;
  api: string;
  headers: Record<string, string>;
}

/**
 * The shared site fixture with a Jira project DEV (default issue types and workflow), and a
 * second site the user cannot reach, with a project OPS and one issue, OPS-1.
 */
export class JiraFixture extends SiteFixture {
  readonly otherCloudId = 'c0ffee00-0000-4000-8000-000000000002';
  project!: JiraProject;
  otherIssue!: JiraIssue;

  static async start(): Promise<JiraFixture> {
    const fx = await SiteFixture.startWith((sandbox) => new JiraFixture(sandbox));
    fx.project = fx.newProject({ key: 'DEV', name: 'Development' });
    fx.state.sites.set(fx.otherCloudId, { cloudId: fx.otherCloudId, name: 'elsewhere' });
    const ops = createProject(fx.state, { cloudId: fx.otherCloudId, key: 'OPS', name: 'Operations' });
    fx.otherIssue = createIssue(fx.state, {
      project: ops,
      issueType: ops.issueTypes[0],
      summary: 'Not yours',
      description: null,
      labels: [],
      assigneeId: null,
      reporterId: fx.user.accountId,
    });
    return fx;
  }

  newProject(input: Omit<NewProject, 'cloudId'>): JiraProject {
    return createProject(this.state, { cloudId: this.cloudId, leadAccountId: this.user.accountId, ...input });
  }

  token(scopes = JIRA_SCOPES, expiresInSeconds = 3600, siteIds = [this.cloudId]): string {
    return this.grantToken(scopes, expiresInSeconds, siteIds);
  }

  get gatewayApi(): string {
    return `${this.sandbox.url}/ex/jira/${this.cloudId}/rest/api/3`;
  }

  get siteApi(): string {
    return `${this.siteBase}/rest/api/3`;
  }

  /** The two ways in: OAuth 3LO through the gateway, Basic on the site. */
  ways(scopes = JIRA_SCOPES): Way[] {
    return [
      { name: 'OAuth 3LO', api: this.gatewayApi, headers: this.bearer(this.token(scopes)) },
      { name: 'Basic', api: this.siteApi, headers: this.basic() },
    ];
  }

  /** Creates an issue over HTTP and answers its key. */
  async issue(
    way: Way,
    summary: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; key: string }> {
    const res = await call(`${way.api}/issue`, way.headers, {
      fields: { project: { key: 'DEV' }, issuetype: { name: 'Task' }, summary, ...extra },
    });
    if (res.status !== 201) throw new Error(`create issue: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export function expectDocumented(method: string, template: string, res: JsonResponse): void {
  expectInDocument('jira', method, `/rest/api/3${template}`, res);
}

/** Jira's error body with these messages and field errors, nothing else. */
export function jiraError(errorMessages: unknown[] = [], errors: Record<string, unknown> = {}) {
  return { errorMessages, errors };
}
