import { Express } from 'express';
import { SandboxState } from '../state/sandbox-state';

/** Placeholder: replaced by the admin part of the sandbox. */
export function mountAdminRoutes(_app: Express, _state: SandboxState): void {}
