import { ProblemException, ServicePrincipal } from '@actionhub/service-kit';

/**
 * Every service shares INTERNAL_JWT_SECRET, so the token's signature only says "one of ours";
 * its `sub` names which one, and auth-profiles answers each internal route only to the
 * services that need it (RESOLVE_ALLOWED_SERVICES, AUTHORIZE_ALLOWED_SERVICES).
 */
export function assertServiceAllowed(
  service: ServicePrincipal,
  allowed: readonly string[],
  what: string,
): void {
  if (allowed.includes(service.sub)) return;
  throw new ProblemException(
    403,
    'service_not_allowed',
    `The service "${service.sub.slice(0, 100)}" may not ${what}.`,
  );
}
