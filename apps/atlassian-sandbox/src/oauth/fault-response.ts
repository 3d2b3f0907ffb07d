import { Response } from 'express';
import { InjectedFault } from '../state/sandbox-model';

const MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Answers an injected fault the way Atlassian's edge does: `{code, message}`, Retry-After when given. */
export function sendFault(res: Response, fault: InjectedFault): void {
  if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
  res.status(fault.status).json({ code: fault.status, message: MESSAGES[fault.status] ?? 'Injected fault' });
}
