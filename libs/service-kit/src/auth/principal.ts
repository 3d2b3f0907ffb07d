export const EDITIONS = ['trial', 'developer', 'enterprise'] as const;
export type Edition = (typeof EDITIONS)[number];

/** A developer (or system) calling /v1 routes, from a verified bearer token. */
export interface AppPrincipal {
  kind: 'app';
  sub: string;
  apps: string[];
  edition: Edition;
}

/** Another Actionhub service calling /internal routes. */
export interface ServicePrincipal {
  kind: 'service';
  sub: string;
}

export type RequestPrincipal = AppPrincipal | ServicePrincipal;

/** The audience of service tokens; user tokens carrying it are refused on /v1 routes. */
export const INTERNAL_AUDIENCE = 'actionhub-internal';
