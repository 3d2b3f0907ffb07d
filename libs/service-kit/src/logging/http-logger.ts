import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { Logger } from 'pino';
import { correlationIdOf } from './correlation-id';

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
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)(\/|$)/.test(req.url ?? '') },
    },
  };
}
