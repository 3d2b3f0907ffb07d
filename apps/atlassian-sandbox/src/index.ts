export { startSandbox, createSandboxApp, RunningSandbox, SandboxOptions } from './sandbox-server';
export { SandboxState, SandboxCounters } from './state/sandbox-state';
export * from './state/sandbox-model';
export { authenticateBearer, BearerAuthResult } from './oauth/bearer-auth';
export { ensureDefaultSpaces, createSpace, NewSpace } from './confluence/confluence-store';
export { OpenApiValidator, confluenceOpenApiValidator } from './confluence/openapi-validator';
