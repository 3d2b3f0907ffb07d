import { Express } from 'express';
import { SandboxState } from '../state/sandbox-state';

/** Placeholder: replaced by the oauth part of the sandbox. */
export function mountOAuthRoutes(_app: Express, _state: SandboxState): void {}
