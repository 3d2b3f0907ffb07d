import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../config/load-config';
import { defineServiceConfig, ServiceConfig } from '../../config/service-config.schema';
import { ServiceKitModule } from '../../service-kit.module';
import { ServiceKitOptions } from '../../service-kit.options';

export const USER_SECRET = 'user-token-secret-for-tests-0123456789';
export const INTERNAL_SECRET = 'internal-token-secret-for-tests-0123456';

export function testConfig(env: Record<string, string> = {}): ServiceConfig {
  return loadConfig(defineServiceConfig({ serviceName: 'test-service', defaultPort: 0 }), {
    JWT_SECRET: USER_SECRET,
    INTERNAL_JWT_SECRET: INTERNAL_SECRET,
    LOG_LEVEL: 'info',
    ...env,
  });
}

/** Collects pino's JSON lines. */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  get text(): string {
    return this.lines.join('');
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface TestApp {
  app: INestApplication;
  url: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/** A real HTTP server on a free port around ServiceKitModule and the given controllers. */
export async function startTestApp(
  metadata: ModuleMetadata = {},
  options: Partial<ServiceKitOptions> = {},
): Promise<TestApp> {
  const logs = new LogCapture();
  class TestAppModule {}
  const app = await NestFactory.create(
    {
      module: TestAppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: 'test-service',
          config: testConfig(),
          logDestination: logs,
          ...options,
        }),
        ...(metadata.imports ?? []),
      ],
      controllers: metadata.controllers ?? [],
      providers: metadata.providers ?? [],
    },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, logs, close: () => app.close() };
}
