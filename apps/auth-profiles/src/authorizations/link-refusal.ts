import { buildProblem, PROBLEM_CONTENT_TYPE } from '@actionhub/service-kit';
import { Request, Response } from 'express';
import { resultPage } from './result-page';

export type LinkRefusalCode = 'authorization_link_invalid' | 'browser_not_bound';

/** The authorization link or the provider's answer cannot be used by this browser; nothing changed. */
export class LinkRefusal extends Error {
  constructor(
    readonly code: LinkRefusalCode,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const unusableLink = (detail: string) =>
  new LinkRefusal('authorization_link_invalid', 'This authorization link cannot be used', detail);

export const otherBrowser = (detail: string) =>
  new LinkRefusal('browser_not_bound', 'Open the authorization in the browser that started it', detail);

/**
 * A refusal on the browser's routes: an HTML page for a person, problem+json for a client that
 * asks for JSON. Either way a stable code, and never a redirect: the browser is not trusted yet.
 */
export function sendFailure(
  req: Request,
  res: Response,
  failure: { status: number; code: string; title: string; detail: string },
): void {
  res.setHeader('Cache-Control', 'no-store');
  res.vary('Accept');
  const preferred = req.accepts(['html', 'json', PROBLEM_CONTENT_TYPE]);
  if (preferred === 'json' || preferred === PROBLEM_CONTENT_TYPE) {
    res
      .status(failure.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(buildProblem(failure.status, failure.code, failure.detail)));
    return;
  }
  res
    .status(failure.status)
    .type('html')
    .send(resultPage('failure', failure.title, failure.detail, failure.code));
}
