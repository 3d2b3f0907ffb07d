import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SERVICE_KIT_OPTIONS } from '../service-kit.tokens';
import { HealthIndicator, HealthIndicatorRegistration } from './health-indicator';

export type CheckStatus = 'up' | 'down';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckStatus>;
  /** Why each failing check is down. */
  reasons?: Record<string, string>;
}

export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService implements OnModuleInit, OnModuleDestroy {
  private indicators: HealthIndicator[] = [];
  private running: Promise<ReadinessReport> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SERVICE_KIT_OPTIONS) private readonly options: { healthCheckTimeoutMs?: number },
  ) {}

  // All providers exist by now, so every registration in every module can be found and resolved.
  async onModuleInit(): Promise<void> {
    const registrations = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter(
        (instance): instance is HealthIndicatorRegistration =>
          instance instanceof HealthIndicatorRegistration,
      );
    this.indicators = await Promise.all(registrations.map((registration) => registration.resolve()));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.indicators.map((indicator) => indicator.close?.().catch(() => undefined)));
  }

  /** Runs every check concurrently. Probes arriving while a run is in flight share it. */
  readiness(): Promise<ReadinessReport> {
    this.running ??= this.runChecks().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runChecks(): Promise<ReadinessReport> {
    const timeoutMs = this.options.healthCheckTimeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS;
    const outcomes = await Promise.all(
      this.indicators.map(async (indicator) => {
        try {
          await withTimeout(indicator.check(), timeoutMs);
          return { name: indicator.name, reason: null };
        } catch (error) {
          return { name: indicator.name, reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const checks: Record<string, CheckStatus> = {};
    const reasons: Record<string, string> = {};
    for (const { name, reason } of outcomes) {
      checks[name] = reason === null ? 'up' : 'down';
      if (reason !== null) reasons[name] = reason || 'check failed';
    }
    const down = Object.keys(reasons).length > 0;
    return down ? { status: 'unavailable', checks, reasons } : { status: 'ok', checks };
  }
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
