import { ActionDefinition } from '@actionhub/providers';

/**
 * A provider's well-known URLs as this deployment reaches them: the catalog's URLs with the
 * origins in PROVIDER_ORIGIN_OVERRIDES swapped (development points Atlassian at the sandbox),
 * so production needs no override at all.
 */
export class ProviderEndpoints {
  private readonly overrides: Map<string, string>;

  constructor(entries: readonly string[]) {
    this.overrides = new Map(
      entries.map((entry) => {
        const [from, to] = entry.split('=');
        return [new URL(from).origin, new URL(to).origin];
      }),
    );
  }

  url(raw: string): string {
    const url = new URL(raw);
    const origin = this.overrides.get(url.origin);
    return origin ? origin + raw.slice(url.origin.length) : raw;
  }

  accessibleResourcesUrl(action: ActionDefinition): string | undefined {
    const raw = action.oauth2.accessibleResourcesUrl;
    return raw ? this.url(raw) : undefined;
  }

  oauthApiBaseUrl(action: ActionDefinition, cloudId: string): string {
    return this.url(action.oauth2ApiBaseUrl.replace('{cloudId}', encodeURIComponent(cloudId)));
  }
}
