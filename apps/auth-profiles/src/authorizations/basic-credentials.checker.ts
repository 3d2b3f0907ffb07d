import { ActionDefinition } from '@actionhub/providers';
import { OutboundHttpClient } from '@actionhub/service-kit';
import { BasicCredentials } from './authorization.schemas';

export type BasicCheck =
  | { ok: true; apiBaseUrl: string; site: { cloudId: string; url: string; name: string } }
  | { ok: false; reachable: boolean; reason: string };

export const basicAuthorization = (c: { username: string; apiToken: string }) =>
  `Basic ${Buffer.from(`${c.username}:${c.apiToken}`).toString('base64')}`;

/**
 * Checks Basic credentials against the site itself, on the action's own check path (Confluence:
 * `<site>/wiki/api/v2/spaces?limit=1`, Jira: `<site>/rest/api/3/myself`) before they are stored:
 * a 401 there means a wrong email or API token.
 */
export async function checkBasicCredentials(
  action: ActionDefinition,
  credentials: BasicCredentials,
  http: OutboundHttpClient,
): Promise<BasicCheck> {
  const siteUrl = credentials.siteUrl.replace(/\/+$/, '');
  const apiBaseUrl = siteUrl + action.basicApiPath;
  let status: number;
  try {
    const response = await http.request({
      url: apiBaseUrl + action.basicCheckPath,
      headers: { Authorization: basicAuthorization(credentials), Accept: 'application/json' },
    });
    status = response.status;
  } catch (error) {
    return {
      ok: false,
      reachable: false,
      reason: `the site ${siteUrl} could not be reached: ${(error as Error).message}`,
    };
  }
  if (status === 401 || status === 403) {
    return { ok: false, reachable: true, reason: `the site refused the email and API token (${status})` };
  }
  if (status !== 200) return { ok: false, reachable: status < 500, reason: `the site answered ${status}` };
  const url = new URL(siteUrl);
  const name = url.pathname.split('/').filter(Boolean).pop() ?? url.hostname.split('.')[0];
  // Basic has no cloud id lookup we can rely on everywhere: the site URL identifies it.
  return { ok: true, apiBaseUrl, site: { cloudId: url.host + url.pathname, url: siteUrl, name } };
}
