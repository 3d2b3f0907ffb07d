import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { HttpRequest, HttpResponse } from '../http/http-types';
import { METRICS_REGISTRY } from '../service-kit.tokens';

export const HTTP_SERVER_REQUESTS_SECONDS = 'http_server_requests_seconds';

// Nest mounts global middleware (this one, nestjs-pino's) as routes on this wildcard, so a
// request no controller matched still carries it as its route.
const MIDDLEWARE_WILDCARD = '/{*path}';

/**
 * Times every request, including those no route matched and those a guard refused (an
 * interceptor would miss both). Labelled by route template, not path, so ids in paths
 * do not explode the series count.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly histogram: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const existing = registry.getSingleMetric(HTTP_SERVER_REQUESTS_SECONDS);
    this.histogram =
      (existing as Histogram<'method' | 'route' | 'status'> | undefined) ??
      new Histogram({
        name: HTTP_SERVER_REQUESTS_SECONDS,
        help: 'Time spent answering HTTP requests, by method, route template and status.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
  }

  use(request: HttpRequest, response: HttpResponse, next: () => void): void {
    const stop = this.histogram.startTimer();
    response.once('finish', () => {
      stop({
        method: request.method ?? 'UNKNOWN',
        route: routeLabelOf(request),
        status: String(response.statusCode),
      });
    });
    next();
  }
}

function routeLabelOf(request: HttpRequest): string {
  const template = request.route?.path;
  return template && template !== MIDDLEWARE_WILDCARD ? template : 'unmatched';
}
