import { ActionDefinition } from '@actionhub/providers';

/** `https://from=http://to` entries as a map of origins. */
const originMap = (entries: readonly string[]) =>
  new Map(
    entries.map((entry) => {
      const [from, to] = entry.split('=');
      return [new URL(from).origin, new URL(to).origin];
    }),
  );

const swap = (raw: string, overrides: Map<string, string>) => {
  const url = new URL(raw);
  const origin = overrides.get(url.origin);
  return origin ? origin + raw.slice(url.origin.length) : raw;
};

/**
 * A provider's well-known URLs as this deployment reaches them: the catalog's URLs with the
 * origins in PROVIDER_ORIGIN_OVERRIDES swapped (development points Atlassian at the sandbox),
 * so production needs no override at all.
 *
 * The consent page is the one URL the user's browser opens rather than this service. Under
 * docker compose the two reach the sandbox by different names (the host's localhost:4000, the
 * container network's atlassian-sandbox:4000), so PROVIDER_BROWSER_ORIGIN_OVERRIDES, when set,
 * applies to it instead. Development only; by default both are the same.
 */
export class ProviderEndpoints {
  private readonly overrides: Map<string, string>;
  private readonly browserOverrides: Map<string, string>;

  constructor(entries: readonly string[], browserEntries?: readonly string[]) {
    this.overrides = originMap(entries);
    this.browserOverrides = browserEntries ? originMap(browserEntries) : this.overrides;
  }

  /** A URL this service calls (token, accessible resources, REST API). */
  url(raw: string): string {
    return swap(raw, this.overrides);
  }

  /** A URL the user's browser opens (the authorization/consent page). */
  browserUrl(raw: string): string {
    return swap(raw, this.browserOverrides);
  }

  accessibleResourcesUrl(action: ActionDefinition): string | undefined {
    const raw = action.oauth2.accessibleResourcesUrl;
    return raw ? this.url(raw) : undefined;
  }

  oauthApiBaseUrl(action: ActionDefinition, cloudId: string): string {
    return this.url(action.oauth2ApiBaseUrl.replace('{cloudId}', encodeURIComponent(cloudId)));
  }
}
