import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://actionhub.dev/problems/';

export interface ProblemFieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, plus the stable machine word `code` clients switch on. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemFieldError[];
  /** Only on 500s: quote it to find the logged stack. */
  errorId?: string;
}

export function problemTypeOf(code: string): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}

export function buildProblem(
  status: number,
  code: string,
  detail: string,
  extra: Pick<ProblemDetails, 'errors' | 'errorId'> = {},
): ProblemDetails {
  return {
    type: problemTypeOf(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.errorId ? { errorId: extra.errorId } : {}),
  };
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** The generic code for a status when nothing more specific is known. */
export function codeForStatus(status: number): string {
  return CODES_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
