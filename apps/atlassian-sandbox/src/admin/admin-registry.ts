import { randomBytes } from 'node:crypto';
import { ensureDefaultSpaces } from '../confluence/confluence-store';
import { OAuthClient, SandboxUser, Site } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

/** A conflict with what is already registered (answered 409 by the admin API). */
export class RegistryConflict extends Error {}

export interface NewClient {
  clientId?: string;
  clientSecret?: string;
  name: string;
  redirectUris: string[];
}

export interface NewUser {
  email: string;
  displayName: string;
  apiToken?: string;
  sites: { name: string; cloudId?: string }[];
}

export interface RegisteredUser {
  accountId: string;
  email: string;
  displayName: string;
  apiToken: string;
  sites: { cloudId: string; name: string; url: string }[];
}

export function registerClient(state: SandboxState, input: NewClient): OAuthClient {
  const clientId = input.clientId ?? randomBytes(16).toString('hex');
  if (state.clients.has(clientId)) throw new RegistryConflict(`client ${clientId} is already registered`);
  const client: OAuthClient = {
    clientId,
    // Atlassian's secrets are long opaque strings; tests may choose their own.
    clientSecret: input.clientSecret ?? randomBytes(32).toString('base64url'),
    name: input.name,
    redirectUris: [...input.redirectUris],
  };
  state.clients.set(clientId, client);
  return client;
}

/** A site by name, created (with Confluence's default spaces) when it does not exist yet. */
function siteFor(state: SandboxState, input: { name: string; cloudId?: string }): Site {
  const existing = state.siteByName(input.name);
  if (existing) {
    if (input.cloudId && input.cloudId !== existing.cloudId) {
      throw new RegistryConflict(`site ${input.name} already exists with cloudId ${existing.cloudId}`);
    }
    return existing;
  }
  const cloudId = input.cloudId ?? state.uuid();
  if (state.sites.has(cloudId)) throw new RegistryConflict(`cloudId ${cloudId} belongs to another site`);
  const site: Site = { cloudId, name: input.name };
  state.sites.set(cloudId, site);
  return site;
}

export function registerUser(state: SandboxState, input: NewUser): RegisteredUser {
  if (state.userByEmail(input.email)) throw new RegistryConflict(`user ${input.email} is already registered`);
  const sites = input.sites.map((s) => siteFor(state, s));
  const user: SandboxUser = {
    // Atlassian account ids look like "712020:<uuid>".
    accountId: `712020:${state.uuid()}`,
    email: input.email,
    displayName: input.displayName,
    apiToken: input.apiToken ?? `ATATT3x${randomBytes(24).toString('base64url')}`,
    siteIds: [...new Set(sites.map((s) => s.cloudId))],
  };
  state.users.set(user.accountId, user);
  for (const site of sites) ensureDefaultSpaces(state, site.cloudId, user.accountId);
  return describeUser(state, user);
}

export function describeUser(state: SandboxState, user: SandboxUser): RegisteredUser {
  return {
    accountId: user.accountId,
    email: user.email,
    displayName: user.displayName,
    apiToken: user.apiToken,
    sites: user.siteIds
      .map((id) => state.sites.get(id))
      .filter((s): s is Site => s !== undefined)
      .map((s) => ({ cloudId: s.cloudId, name: s.name, url: state.siteBaseUrl(s) })),
  };
}
