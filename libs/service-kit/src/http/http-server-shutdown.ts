import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from 'node:http';
import { Logger } from 'pino';
import { SERVICE_KIT_OPTIONS, SERVICE_LOGGER } from '../service-kit.tokens';

const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/**
 * Nest closes the HTTP server only after every shutdown hook, while pools and consumers are
 * already gone. Closing it here, before onApplicationShutdown, stops new connections and lets
 * in-flight requests finish against live dependencies.
 */
@Injectable()
export class HttpServerShutdown implements BeforeApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_KIT_OPTIONS) private readonly options: { shutdownDrainTimeoutMs?: number },
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const timeoutMs = this.options.shutdownDrainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.logger.info({ timeoutMs }, 'shutting down: no new connections, draining requests in flight');
    await new Promise<void>((resolve) => {
      // close() drops the connections idle right now; keep-alive connections whose request
      // finishes later would otherwise hold shutdown open until the client lets go.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      // Requests still running after the drain window are cut off, or shutdown could hang forever.
      const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
    });
    this.logger.info('HTTP server closed');
  }
}
