import express, { Express } from 'express';
import { AddressInfo } from 'node:net';
import { mountAdminRoutes } from './admin/admin.routes';
import { mountConfluenceRoutes } from './confluence/confluence.routes';
import { mountJiraRoutes } from './jira/jira.routes';
import { mountOAuthRoutes } from './oauth/oauth.routes';
import { SandboxState } from './state/sandbox-state';

export interface SandboxOptions {
  /** The base URL clients use to reach the sandbox (links, redirects, site URLs). Defaults to the listen address. */
  publicUrl?: string;
}

export interface RunningSandbox {
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

/**
 * The sandbox's routes on one host, mirroring Atlassian's paths:
 *   auth.atlassian.com      -> /authorize, /oauth/token
 *   api.atlassian.com       -> /oauth/token/accessible-resources, /ex/confluence/{cloudId}/wiki/...,
 *                              /ex/jira/{cloudId}/rest/api/3/...
 *   <site>.atlassian.net    -> /sites/{site}/wiki/..., /sites/{site}/rest/api/3/...
 *                              (Basic auth: email + API token)
 *   test control            -> /admin/...
 */
export function createSandboxApp(state: SandboxState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  mountAdminRoutes(app, state);
  mountOAuthRoutes(app, state);
  mountConfluenceRoutes(app, state);
  mountJiraRoutes(app, state);
  app.use((_req, res) => {
    res.status(404).json({ code: 404, message: 'Not Found' });
  });
  return app;
}

export async function startSandbox(
  port = 0,
  host = '127.0.0.1',
  options: SandboxOptions = {},
): Promise<RunningSandbox> {
  const state = new SandboxState(options.publicUrl ?? '');
  const server = createSandboxApp(state).listen(port, host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${host}:${actual}`;
  if (!options.publicUrl) (state as { publicUrl: string }).publicUrl = url;
  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
