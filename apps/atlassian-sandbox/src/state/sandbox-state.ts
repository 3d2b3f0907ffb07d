import { randomBytes, randomUUID } from 'node:crypto';
import {
  AccessToken,
  AuthorizationCode,
  Content,
  FooterComment,
  Grant,
  InjectedFault,
  JiraIssue,
  JiraProject,
  OAuthClient,
  RefreshToken,
  SandboxUser,
  Site,
  Space,
} from './sandbox-model';

/** Counters tests read through the admin API (for example: how many refresh grants were served). */
export interface SandboxCounters {
  /** Every POST /oauth/token, whatever it answered (faults included). */
  tokenRequests: number;
  authorizationCodeGrants: number;
  refreshTokenGrants: number;
  refreshTokenReuseRevocations: number;
  accessibleResourcesCalls: number;
  apiCalls: number;
  faultsServed: number;
  /** Endless answers still streaming right now: 0 once every client has hung up. */
  endlessAnswersOpen: number;
}

/**
 * The sandbox's whole memory, shared by the OAuth, Confluence, Jira and admin routes. The clock can
 * be moved forward by tests (expiry, the 10-minute refresh leeway) without waiting.
 */
export class SandboxState {
  readonly clients = new Map<string, OAuthClient>();
  readonly users = new Map<string, SandboxUser>();
  readonly sites = new Map<string, Site>();
  readonly grants = new Map<string, Grant>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly spaces = new Map<string, Space>();
  readonly contents = new Map<string, Content>();
  readonly footerComments = new Map<string, FooterComment>();
  /** A label's id on a site (`${cloudId}:${name}`): one label, however many pages carry it. */
  readonly labelIds = new Map<string, string>();
  readonly projects = new Map<string, JiraProject>();
  readonly issues = new Map<string, JiraIssue>();
  faults: InjectedFault[] = [];
  counters: SandboxCounters = emptyCounters();
  private clockOffsetMs = 0;
  private nextNumericId = 100_000;

  constructor(readonly publicUrl: string) {}

  /** Milliseconds since the epoch, as the sandbox sees it. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  /** Confluence and Jira ids are numeric strings. */
  numericId(): string {
    return String(this.nextNumericId++);
  }

  /** The id of a global label on a site, made the first time the name is used there. */
  labelId(cloudId: string, name: string): string {
    const key = `${cloudId}:${name}`;
    let id = this.labelIds.get(key);
    if (!id) {
      id = this.numericId();
      this.labelIds.set(key, id);
    }
    return id;
  }

  opaqueToken(prefix: string): string {
    return `${prefix}${randomBytes(24).toString('base64url')}`;
  }

  uuid(): string {
    return randomUUID();
  }

  siteBaseUrl(site: Site): string {
    return `${this.publicUrl}/sites/${site.name}`;
  }

  siteByName(name: string): Site | undefined {
    return [...this.sites.values()].find((s) => s.name === name);
  }

  userByEmail(email: string): SandboxUser | undefined {
    return [...this.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());
  }

  /** Takes one matching injected fault, if any is pending (`clientId`: the token request's client). */
  takeFault(target: InjectedFault['target'], clientId?: string): InjectedFault | undefined {
    const fault = this.faults.find(
      (f) => f.target === target && f.remaining > 0 && (f.clientId === undefined || f.clientId === clientId),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    this.counters.faultsServed += 1;
    return fault;
  }

  reset(): void {
    for (const map of [
      this.clients,
      this.users,
      this.sites,
      this.grants,
      this.codes,
      this.accessTokens,
      this.refreshTokens,
      this.spaces,
      this.contents,
      this.footerComments,
      this.labelIds,
      this.projects,
      this.issues,
    ]) {
      map.clear();
    }
    this.faults = [];
    this.counters = emptyCounters();
    this.clockOffsetMs = 0;
  }
}

function emptyCounters(): SandboxCounters {
  return {
    tokenRequests: 0,
    authorizationCodeGrants: 0,
    refreshTokenGrants: 0,
    refreshTokenReuseRevocations: 0,
    accessibleResourcesCalls: 0,
    apiCalls: 0,
    faultsServed: 0,
    endlessAnswersOpen: 0,
  };
}
