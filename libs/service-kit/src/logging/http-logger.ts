import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { Logger } from 'pino';
import { correlationIdOf } from './correlation-id';
import { redactUrl } from './redaction';

/**
 * nestjs-pino settings around the service's root logger, so request logs share its
 * redaction. Probes and scrapes are not logged per request: they would drown the rest.
 */
export function httpLoggerParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      genReqId: correlationIdOf,
      // Binds the id to req.log, so every line logged while serving the request carries it.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'correlationId' },
      // Services call /internal routes on every dialog run: their successes are debug lines, so
      // the hot path does not pay for a log line nobody reads; failures are logged as usual.
      customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : req.url?.startsWith('/internal/')
              ? 'debug'
              : 'info',
      // The URL's query can carry an OAuth callback's `code` and `state`, or a token: its values
      // are never logged (redaction paths cannot reach inside a string), only its parameter names.
      serializers: {
        req: (req: { url?: string; query?: unknown; params?: unknown }) => {
          const { query: _query, ...rest } = req;
          return { ...rest, url: req.url === undefined ? undefined : redactUrl(req.url) };
        },
        // A redirect to a provider's consent page carries the OAuth state in its Location.
        res: (res: { headers?: Record<string, unknown> }) => {
          const location = res.headers?.location;
          if (typeof location !== 'string') return res;
          return { ...res, headers: { ...res.headers, location: redactUrl(location) } };
        },
      },
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)(\/|$)/.test(req.url ?? '') },
    },
  };
}
