import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { currentCorrelation } from './correlation-context';
import { REDACT_PATHS, REDACTED } from './redaction';

export interface CreateLoggerOptions {
  service: string;
  level?: LevelWithSilent | string;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** The service's root pino logger: JSON lines with the service name, secrets censored. */
export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // Every line logged while serving a request or handling an event names its correlation id;
    // request loggers already bind it, so it is not repeated there.
    mixin: (_merge: object, _level: number, logger: Logger) => {
      const context = currentCorrelation();
      if (!context || 'correlationId' in logger.bindings()) return {};
      return context.eventId
        ? { correlationId: context.correlationId, eventId: context.eventId }
        : { correlationId: context.correlationId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
