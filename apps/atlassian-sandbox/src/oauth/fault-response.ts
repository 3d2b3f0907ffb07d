import { Response } from 'express';
import { InjectedFault } from '../state/sandbox-model';
import { SandboxCounters } from '../state/sandbox-state';

const MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const messageOf = (status: number) => MESSAGES[status] ?? 'Injected fault';

/**
 * Serves a taken fault: after its delay (dropped when the client hangs up first), an endless
 * answer, or the error (`sendError` renders the target's JSON; `html` faults get an error page),
 * or, for a pure delay, the real answer (`proceed`).
 */
export function serveFault(
  res: Response,
  fault: InjectedFault,
  counters: SandboxCounters,
  sendError: (status: number) => void,
  proceed: () => void,
): void {
  const answer = () => {
    if (fault.endless) return sendEndless(res, counters);
    if (fault.status === undefined) return proceed();
    if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    if (fault.html) return sendHtmlError(res, fault.status);
    sendError(fault.status);
  };
  if (!fault.delayMs) return answer();
  const timer = setTimeout(answer, fault.delayMs);
  res.on('close', () => clearTimeout(timer));
}

/** Atlassian's edge answers faults as `{code, message}`. */
export const sendEdgeError = (res: Response) => (status: number) =>
  void res.status(status).json({ code: status, message: messageOf(status) });

function sendHtmlError(res: Response, status: number): void {
  const title = `${status} ${messageOf(status)}`;
  res
    .status(status)
    .type('html')
    .send(`<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`);
}

/** Headers and the start of a JSON body, then a byte every 100 ms until the client gives up. */
function sendEndless(res: Response, counters: SandboxCounters): void {
  res.status(200).type('json');
  res.flushHeaders();
  res.write('{"access_token":"');
  counters.endlessAnswersOpen += 1;
  const timer = setInterval(() => res.write('a'), 100);
  res.on('close', () => {
    clearInterval(timer);
    counters.endlessAnswersOpen -= 1;
  });
}
