import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
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
  };
  return destination ? pino(options, destination) : pino(options);
}
