import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { AddressInfo } from 'node:net';
import { Logger } from 'pino';
import { ConfigurationError } from '../config/configuration.error';
import { describeConfig } from '../config/load-config';
import { baseServiceConfigSchema, ServiceConfig } from '../config/service-config.schema';
import { OpenApiInfo, setupOpenApi } from '../openapi/openapi-document';
import { isConfigSchema, resolveServiceConfig, ServiceConfigSource } from '../service-kit.options';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '../service-kit.tokens';

export interface BootstrapServiceOptions {
  serviceName: string;
  /** The same source given to ServiceKitModule.forRoot. */
  config: ServiceConfigSource;
  openApi: OpenApiInfo;
}

/**
 * Starts a service: checks its configuration first (a bad environment prints one readable
 * list and exits 1), then creates the Nest app with pino logging, graceful SIGTERM handling
 * and the OpenAPI document, and listens on HOST:PORT.
 */
export async function bootstrapService(
  appModule: Type<unknown> | DynamicModule,
  options: BootstrapServiceOptions,
): Promise<INestApplication> {
  try {
    resolveServiceConfig(options.config);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    // A stack trace would only bury the list of variables to fix.
    process.stderr.write(`${options.serviceName}: ${error.message}\n`);
    process.exit(1);
  }

  const app = await NestFactory.create(appModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(NestPinoLogger));
  app.enableShutdownHooks();
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  setupOpenApi(app, options.openApi);

  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  await app.listen(config.PORT, config.HOST);

  const { port } = app.getHttpServer().address() as AddressInfo;
  const schema = isConfigSchema(options.config) ? options.config : baseServiceConfigSchema;
  app
    .get<Logger>(SERVICE_LOGGER)
    .info(
      { config: describeConfig(schema, config) },
      `${options.serviceName} listening on http://${config.HOST}:${port}`,
    );
  return app;
}
