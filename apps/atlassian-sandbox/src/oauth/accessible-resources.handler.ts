import { Request, Response } from 'express';
import { Site } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { authenticateBearer } from './bearer-auth';
import { sendEdgeError, serveFault } from './fault-response';

// Atlassian answers a generic avatar for sites without their own.
const SITE_AVATAR = 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/site.png';

/** GET /oauth/token/accessible-resources: the sites this token's grant was consented for. */
export function accessibleResourcesHandler(state: SandboxState) {
  return (req: Request, res: Response): void => {
    state.counters.accessibleResourcesCalls += 1;
    const fault = state.takeFault('accessible-resources');
    if (fault)
      return serveFault(res, fault, state.counters, sendEdgeError(res), () => answer(state, req, res));
    answer(state, req, res);
  };
}

function answer(state: SandboxState, req: Request, res: Response): void {
  const auth = authenticateBearer(state, req.headers.authorization);
  if (!auth.ok) return void res.status(auth.status).json(auth.body);
  // A site the user has since lost access to drops out, as it does on Atlassian.
  const sites = auth.grant.siteIds
    .filter((id) => auth.user.siteIds.includes(id))
    .map((id) => state.sites.get(id))
    .filter((site): site is Site => site !== undefined);
  res.json(
    sites.map((site) => ({
      id: site.cloudId,
      name: site.name,
      url: state.siteBaseUrl(site),
      scopes: auth.token.scopes,
      avatarUrl: SITE_AVATAR,
    })),
  );
}
