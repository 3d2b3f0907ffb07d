import { Controller, Get, INestApplication, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from 'node:http';
import { Public } from '../../auth/public.decorator';
import { LogCapture, testConfig } from '../../__tests__/support/test-app';
import { ServiceKitModule } from '../../service-kit.module';
import { bootstrapService } from '../bootstrap-service';

@Public()
@Controller('v1/things')
class ThingsController {
  @Get()
  list(): { items: never[]; nextCursor: null } {
    return { items: [], nextCursor: null };
  }

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  }
}

/** Records what shutdown hooks see, to check the HTTP server is drained before they run. */
@Injectable()
class ShutdownProbe implements OnApplicationShutdown {
  static serverListening: boolean | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationShutdown(): void {
    ShutdownProbe.serverListening = (this.adapterHost.httpAdapter.getHttpServer() as Server).listening;
  }
}

async function start(logs: LogCapture, config = testConfig({ HOST: '127.0.0.1', PORT: '0' })) {
  class AppModule {}
  const app = await bootstrapService(
    {
      module: AppModule,
      imports: [ServiceKitModule.forRoot({ serviceName: 'test-service', config, logDestination: logs })],
      controllers: [ThingsController],
      providers: [ShutdownProbe],
    },
    {
      serviceName: 'test-service',
      config,
      openApi: { title: 'Test service', version: '1.2.3', description: 'For tests.' },
    },
  );
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('bootstrapService', () => {
  let app: INestApplication;
  let url: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    ({ app, url } = await start(logs));
  });
  afterAll(() => app.close());

  it('serves the OpenAPI document with the bearer scheme, without a token', async () => {
    const response = await fetch(`${url}/docs/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      info: Record<string, string>;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };

    expect(response.status).toBe(200);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({
      title: 'Test service',
      version: '1.2.3',
      description: 'For tests.',
    });
    expect(document.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/things', '/health/live', '/health/ready', '/metrics']),
    );
  });

  it('logs where it listens and the config with secrets redacted', () => {
    const { port } = new URL(url);
    const listening = logs.entries().find((entry) => String(entry.msg).includes('listening'));

    expect(listening?.msg).toBe(`test-service listening on http://127.0.0.1:${port}`);
    expect(listening?.config).toMatchObject({
      JWT_SECRET: '[redacted]',
      INTERNAL_JWT_SECRET: '[redacted]',
      PORT: 0,
    });
    expect(logs.text).not.toContain(testConfig().JWT_SECRET);
  });

  it('echoes the caller correlation id, or mints one, and logs requests with it', async () => {
    const echoed = await fetch(`${url}/v1/things`, { headers: { 'x-correlation-id': 'corr-123' } });
    const minted = await fetch(`${url}/v1/things`);
    const refused = await fetch(`${url}/v1/things`, { headers: { 'x-correlation-id': 'bad id\twith tab' } });

    expect(echoed.headers.get('x-correlation-id')).toBe('corr-123');
    expect(minted.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.entries().some((entry) => entry.correlationId === 'corr-123')).toBe(true);
    expect(echoed.headers.get('x-powered-by')).toBeNull();
  });
});

describe('bootstrapService shutdown', () => {
  it('stops accepting, lets in-flight requests finish, then runs the shutdown hooks', async () => {
    const { app, url } = await start(new LogCapture());
    const inFlight = fetch(`${url}/v1/things/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lateConnection = fetch(`${url}/v1/things`).then(
      () => 'served',
      () => 'refused',
    );
    const response = await inFlight;
    await closing;

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await lateConnection).toBe('refused');
    expect(ShutdownProbe.serverListening).toBe(false);
  });
});

describe('bootstrapService with a bad configuration', () => {
  it('prints every problem without a stack trace and exits with 1', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { JWT_SECRET: _unset, ...config } = testConfig();

      await expect(start(new LogCapture(), { ...config, INTERNAL_JWT_SECRET: 'short' })).rejects.toThrow(
        'exit 1',
      );

      const printed = stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(printed).toContain('test-service: Invalid configuration: 2 problems');
      expect(printed).toContain('  - JWT_SECRET: is required unless JWT_JWKS_URL is set');
      expect(printed).toContain(
        '  - INTERNAL_JWT_SECRET: must be at least 32 bytes (openssl rand -base64 32)',
      );
      expect(printed).not.toMatch(/\n\s+at /);
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});
