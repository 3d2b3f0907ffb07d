import { Express } from 'express';
import { SandboxState } from '../state/sandbox-state';

/** Placeholder: replaced by the confluence part of the sandbox. */
export function mountConfluenceRoutes(_app: Express, _state: SandboxState): void {}
