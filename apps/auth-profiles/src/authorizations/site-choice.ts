import { OutboundHttpClient } from '@actionhub/service-kit';

export interface AccessibleSite {
  id: string;
  name: string;
  url: string;
}

export type SiteChoice =
  | { ok: true; site: AccessibleSite }
  /** Several sites and none named: the user picks one on Actionhub's page. */
  | { ok: false; several: AccessibleSite[] }
  | { ok: false; reason: string };

const normal = (url: string) => url.replace(/\/+$/, '').toLowerCase();

/**
 * The site a token should act on: the one named at authorization, or the only one; with several
 * and none named, the user's pick. Never "the first" of several: that silently connects the
 * wrong site.
 */
export function chooseSite(sites: readonly AccessibleSite[], hint: string | null): SiteChoice {
  const names = sites.map((s) => `${s.name} (${s.url})`).join(', ');
  if (sites.length === 0) return { ok: false, reason: 'the authorization reaches no site' };
  if (hint) {
    const site = sites.find((s) => s.id === hint || normal(s.url) === normal(hint) || s.name === hint);
    return site
      ? { ok: true, site }
      : { ok: false, reason: `the site "${hint}" is not among the authorized sites: ${names}` };
  }
  if (sites.length === 1) return { ok: true, site: sites[0] };
  return { ok: false, several: [...sites] };
}

/** GET accessible-resources with the new token. */
export async function fetchAccessibleSites(
  url: string,
  accessToken: string,
  http: OutboundHttpClient,
): Promise<AccessibleSite[]> {
  const response = await http.request({
    url,
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`accessible-resources answered ${response.status}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new Error('accessible-resources did not answer JSON');
  }
  if (!Array.isArray(body)) throw new Error('accessible-resources did not answer a list');
  return body
    .filter((s): s is AccessibleSite => typeof s?.id === 'string' && typeof s?.url === 'string')
    .map((s) => ({ id: s.id, name: typeof s.name === 'string' ? s.name : s.url, url: s.url }));
}
