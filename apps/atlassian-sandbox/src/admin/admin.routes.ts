import express, { Express, NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { ProjectDefinitionError } from '../jira/jira-store';
import { SandboxState } from '../state/sandbox-state';
import { projectBody, registerProject, UnknownReference } from './admin-projects';
import { registerClient, registerUser, RegistryConflict } from './admin-registry';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

const clientBody = z.object({
  clientId: z.string().min(1).max(255).optional(),
  clientSecret: z.string().min(1).max(255).optional(),
  name: z.string().min(1),
  redirectUris: z.array(httpUrl).min(1),
});

// Site names become URL path segments (/sites/{name}), like the <name> of <name>.atlassian.net.
const siteName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

const userBody = z.object({
  email: z.string().email(),
  displayName: z.string().min(1),
  apiToken: z.string().min(1).optional(),
  sites: z.array(z.object({ name: siteName, cloudId: z.string().min(1).optional() })).min(1),
});

const expireBody = z.union([
  z.object({ accessToken: z.string().min(1) }).strict(),
  z.object({ accountId: z.string().min(1) }).strict(),
]);

const faultBody = z
  .object({
    target: z.enum(['token', 'api', 'accessible-resources']),
    status: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(1).max(600_000).optional(),
    endless: z.literal(true).optional(),
    html: z.literal(true).optional(),
    clientId: z.string().min(1).optional(),
    oauthError: z.string().min(1).optional(),
    count: z.number().int().min(1).default(1),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (f.status === undefined && f.delayMs === undefined && !f.endless)
      issue('status', 'give a status, a delayMs or endless: true');
    if (f.endless && f.status !== undefined) issue('endless', 'an endless answer has no error status');
    if (f.html && f.status === undefined) issue('html', 'an HTML error page needs a status');
    if (f.clientId !== undefined && f.target !== 'token')
      issue('clientId', 'only token faults name a client');
    if (f.oauthError !== undefined && (f.target !== 'token' || f.status === undefined))
      issue('oauthError', 'only token faults with a status carry an OAuth error code');
  });

const clockBody = z.object({ seconds: z.number().min(0) });

class BadRequest extends Error {
  constructor(readonly details: string[]) {
    super('Invalid request body');
  }
}

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new BadRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  }
  return result.data;
}

/**
 * Test control under /admin: register clients, users and Jira projects, expire tokens, inject and
 * clear faults, move the clock.
 */
export function mountAdminRoutes(app: Express, state: SandboxState): void {
  const admin = Router();
  admin.use(express.json());

  admin.post('/clients', (req, res) => {
    res.status(201).json(registerClient(state, parse(clientBody, req.body)));
  });

  admin.post('/users', (req, res) => {
    res.status(201).json(registerUser(state, parse(userBody, req.body)));
  });

  admin.post('/projects', (req, res) => {
    res.status(201).json(registerProject(state, parse(projectBody, req.body)));
  });

  // Expiring "now" rather than deleting: the token must still be recognised and answered with 401.
  admin.post('/tokens/expire', (req, res) => {
    const input = parse(expireBody, req.body);
    const now = state.now();
    const tokens = [...state.accessTokens.values()].filter((t) =>
      'accessToken' in input
        ? t.token === input.accessToken
        : state.grants.get(t.grantId)?.accountId === input.accountId,
    );
    if (tokens.length === 0) return void res.status(404).json({ error: 'No matching access token' });
    for (const t of tokens) t.expiresAt = Math.min(t.expiresAt, now);
    res.json({ expired: tokens.length });
  });

  admin.post('/faults', (req, res) => {
    const { count, ...fault } = parse(faultBody, req.body);
    state.faults.push({ ...fault, remaining: count });
    res.status(201).json({ ...fault, remaining: count });
  });

  // What is still pending: a fault's `remaining` says how many matching calls it has not answered yet.
  admin.get('/faults', (_req, res) => {
    res.json({ items: state.faults });
  });

  admin.delete('/faults', (_req, res) => {
    const cleared = state.faults.length;
    state.faults = [];
    res.json({ cleared });
  });

  admin.post('/clock/advance', (req, res) => {
    state.advanceClock(parse(clockBody, req.body).seconds);
    res.json({ now: new Date(state.now()).toISOString() });
  });

  admin.get('/counters', (_req, res) => {
    res.json(state.counters);
  });

  admin.post('/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });

  admin.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof BadRequest)
      return void res.status(400).json({ error: err.message, details: err.details });
    if (err instanceof RegistryConflict) return void res.status(409).json({ error: err.message });
    if (err instanceof UnknownReference) return void res.status(404).json({ error: err.message });
    if (err instanceof ProjectDefinitionError)
      return void res.status(err.conflict ? 409 : 400).json({ error: err.message });
    // body-parser errors (malformed JSON) carry a 4xx status.
    const status = (err as { status?: number }).status;
    if (status && status < 500) return void res.status(400).json({ error: 'Malformed JSON body' });
    next(err);
  });

  app.use('/admin', admin);
}
