// The only entry point: apps import from '@actionhub/service-kit', never from a file inside it.

export { ServiceKitModule } from './service-kit.module';
export { ServiceKitOptions, ServiceConfigSource } from './service-kit.options';
export { SERVICE_CONFIG, SERVICE_LOGGER, METRICS_REGISTRY } from './service-kit.tokens';
export { bootstrapService, BootstrapServiceOptions } from './bootstrap/bootstrap-service';

export { loadConfig, describeConfig, ConfigSchema } from './config/load-config';
export { ConfigurationError, ConfigurationIssue } from './config/configuration.error';
export {
  kafkaConfigSchema,
  kafkaConfigFields,
  kafkaConfigIssues,
  KafkaConfig,
  KafkaSaslMechanism,
  KAFKA_SASL_MECHANISMS,
} from './config/kafka-config.schema';
export { sensitive, isSensitive } from './config/sensitive';
export {
  baseServiceConfigSchema,
  defineServiceConfig,
  ServiceConfig,
  ServiceConfigDefaults,
  portSchema,
} from './config/service-config.schema';

export { createLogger, CreateLoggerOptions } from './logging/create-logger';
export { REDACT_PATHS, REDACTED } from './logging/redaction';
export { CORRELATION_ID_HEADER } from './logging/correlation-id';
export { CorrelationId } from './logging/correlation-id.decorator';
export { runWithCorrelation, currentCorrelation, CorrelationContext } from './logging/correlation-context';

export { ProblemException } from './errors/problem.exception';
export {
  ProblemDetails,
  ProblemFieldError,
  PROBLEM_CONTENT_TYPE,
  problemTypeOf,
  buildProblem,
} from './errors/problem-details';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { ZodValidationPipe } from './errors/zod-validation.pipe';
export { parseInput } from './errors/parse-input';

export { AppAccessGuard } from './auth/app-access.guard';
export { InternalServiceGuard } from './auth/internal-service.guard';
export { TokenVerifier } from './auth/token-verifier';
export { Public } from './auth/public.decorator';
export { Principal } from './auth/principal.decorator';
export {
  AppPrincipal,
  ServicePrincipal,
  RequestPrincipal,
  Edition,
  EDITIONS,
  INTERNAL_AUDIENCE,
} from './auth/principal';
export { signDevToken, signServiceToken, DevTokenClaims } from './auth/sign-tokens';

export { HealthIndicator, provideHealthIndicator } from './health/health-indicator';
export { ReadinessReport } from './health/health.service';
export { PostgresHealthIndicator } from './health/postgres-health.indicator';
export { HTTP_SERVER_REQUESTS_SECONDS } from './metrics/http-metrics.middleware';

export { setupOpenApi, OpenApiInfo } from './openapi/openapi-document';

export { runMigrations } from './database/run-migrations';
export {
  serviceDataSourceOptions,
  createServiceDataSource,
  ServiceDatabase,
  DatabaseSettings,
} from './database/service-data-source';

export {
  OutboundUrlPolicy,
  OutboundTarget,
  OutboundTargetResult,
  Resolver,
  isPublicAddress,
} from './outbound/outbound-url.policy';
export {
  OutboundHttpClient,
  OutboundError,
  OutboundFailureKind,
  OutboundRequest,
  OutboundResponse,
  DEFAULT_MAX_BODY_BYTES,
} from './outbound/outbound-http.client';
