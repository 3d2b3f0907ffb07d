import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { AppAccessGuard } from './auth/app-access.guard';
import { InternalServiceGuard } from './auth/internal-service.guard';
import { TokenVerifier } from './auth/token-verifier';
import { ServiceConfig } from './config/service-config.schema';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { BodyParserErrors } from './http/body-parser-errors';
import { HttpServerKeepAlive } from './http/http-server-keep-alive';
import { HttpServerShutdown } from './http/http-server-shutdown';
import { createLogger } from './logging/create-logger';
import { CorrelationMiddleware } from './logging/correlation.middleware';
import { httpLoggerParams } from './logging/http-logger';
import { createMetricsRegistry } from './metrics/metrics-registry';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { OpenApiDocument } from './openapi/openapi-document';
import { OpenApiController } from './openapi/openapi.controller';
import { resolveServiceConfig, ServiceKitOptions } from './service-kit.options';
import { METRICS_REGISTRY, SERVICE_CONFIG, SERVICE_KIT_OPTIONS, SERVICE_LOGGER } from './service-kit.tokens';

/**
 * What every Actionhub service shares: validated config, pino logging, problem+json errors,
 * bearer-token guards on all routes (opt out with @Public()), health, metrics and the
 * OpenAPI route. Import it once, in the app's root module.
 */
@Module({})
export class ServiceKitModule implements NestModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        DiscoveryModule,
        LoggerModule.forRootAsync({
          inject: [SERVICE_LOGGER],
          useFactory: (logger: Logger) => httpLoggerParams(logger),
        }),
      ],
      controllers: [HealthController, MetricsController, OpenApiController],
      providers: [
        { provide: SERVICE_KIT_OPTIONS, useValue: options },
        { provide: SERVICE_CONFIG, useFactory: () => resolveServiceConfig(options.config) },
        {
          provide: SERVICE_LOGGER,
          useFactory: (config: ServiceConfig) =>
            createLogger({
              service: options.serviceName,
              level: config.LOG_LEVEL,
              destination: options.logDestination,
            }),
          inject: [SERVICE_CONFIG],
        },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options.serviceName) },
        TokenVerifier,
        HealthService,
        HttpServerShutdown,
        HttpServerKeepAlive,
        BodyParserErrors,
        OpenApiDocument,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AppAccessGuard },
        { provide: APP_GUARD, useClass: InternalServiceGuard },
      ],
      exports: [SERVICE_CONFIG, SERVICE_LOGGER, METRICS_REGISTRY, TokenVerifier, OpenApiDocument],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CorrelationMiddleware, HttpMetricsMiddleware)
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
