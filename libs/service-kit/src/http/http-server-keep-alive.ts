import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from 'node:http';

/** Longer than the idle timeout of common load balancers and proxies (60 s) and of Node's fetch (4 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Node closes an idle keep-alive connection after 5 s. A client (a proxy, another service's
 * fetch) that reuses it at that moment gets ECONNRESET, or its proxy a 502: the server must be
 * the side that waits longer. Shutdown still drops idle connections at once (HttpServerShutdown).
 */
@Injectable()
export class HttpServerKeepAlive implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // Must exceed keepAliveTimeout, or a request arriving late on a kept connection is cut off.
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  }
}
