import http, { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';
import { OutboundTarget, OutboundUrlPolicy } from './outbound-url.policy';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Why an outbound call failed, in words a user can act on:
 * `not_allowed` (the URL or its address is refused), `timed_out`, `refused` (connection refused),
 * `tls_failed`, `unreachable` (DNS, reset, no route) and `too_large` (the answer passed the cap).
 */
export type OutboundFailureKind =
  'not_allowed' | 'timed_out' | 'refused' | 'tls_failed' | 'unreachable' | 'too_large';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';

  constructor(
    readonly kind: OutboundFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Defaults to the client's; the whole call (resolve, connect, headers, body) must end within it. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** The caller's own abort (e.g. a fetch signal). */
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/**
 * The one HTTP client for URLs a tenant controls or a provider answers (token endpoints, Basic
 * sites, accessible resources, Confluence). Every call:
 * - is checked by the OutboundUrlPolicy (one WHATWG parse) and connects to the address that was
 *   checked, with the original Host and SNI, so DNS rebinding cannot redirect it;
 * - is aborted at its timeout (the socket is destroyed, not merely raced);
 * - reads at most `maxBodyBytes` of answer, then aborts with `too_large`.
 * Redirects are never followed.
 */
export class OutboundHttpClient {
  constructor(
    private readonly policy: OutboundUrlPolicy,
    private readonly timeoutMs: number,
    private readonly maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  ) {}

  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onCallerAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const checked = await this.policy.target(request.url);
      if (!checked.ok) throw new OutboundError('not_allowed', `the URL ${checked.reason}`);
      if (controller.signal.aborted) throw timedOut(timeoutMs);
      return await this.send(checked.target, request, controller.signal, timeoutMs);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** A `fetch` for code written against it (the connectors); the same checks, caps and pinning. */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const answer = await this.request({
      url,
      method: init.method,
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const v of [value ?? []].flat()) responseHeaders.append(name, v);
    }
    const empty = [101, 204, 205, 304].includes(answer.status);
    return new Response(empty ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: responseHeaders,
    });
  };

  private send(
    target: OutboundTarget,
    request: OutboundRequest,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<OutboundResponse> {
    const maxBytes = request.maxBodyBytes ?? this.maxBodyBytes;
    const lookup = pinnedLookup(target);
    const library = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let failure: OutboundError | undefined;
      const fail = (error: OutboundError) => {
        failure ??= error;
        req.destroy();
        reject(failure);
      };
      const req = library.request(
        target.url,
        { method: request.method ?? 'GET', headers: request.headers, lookup, agent: false },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              fail(
                new OutboundError('too_large', `the answer passed ${maxBytes} bytes; the call was aborted`),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (error) => fail(failure ?? describe(error, signal, timeoutMs)));
          response.on('end', () => {
            if (!failure) {
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks),
              });
            }
          });
        },
      );
      const abort = () => fail(timedOut(timeoutMs));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', abort));
      req.on('error', (error) => fail(failure ?? describe(error, signal, timeoutMs)));
      req.end(request.body);
    });
  }
}

/** net.connect's lookup answering the checked address, whatever DNS says now. */
function pinnedLookup(target: OutboundTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function timedOut(timeoutMs: number): OutboundError {
  return new OutboundError('timed_out', `no answer within ${timeoutMs} ms`);
}

function describe(error: Error, signal: AbortSignal, timeoutMs: number): OutboundError {
  if (signal.aborted) return timedOut(timeoutMs);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED') return new OutboundError('refused', 'the connection was refused');
  if (TLS_CODE.test(code)) return new OutboundError('tls_failed', `the TLS handshake failed (${code})`);
  if (code === 'ETIMEDOUT') return timedOut(timeoutMs);
  return new OutboundError('unreachable', `the host could not be reached (${code || error.message})`);
}
