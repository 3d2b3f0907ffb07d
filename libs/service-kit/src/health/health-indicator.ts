import { InjectionToken, Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

/** A dependency readiness depends on. `check` resolves when it is usable and throws, with a reason, when not. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<void>;
  /** Releases what the check holds (its own connection, say) when the app shuts down. */
  close?(): Promise<void>;
}

/**
 * What provideHealthIndicator registers: the indicator's token plus the ModuleRef of the
 * module that registered it, so it resolves with that module's providers in view.
 */
export class HealthIndicatorRegistration {
  constructor(
    readonly indicator: InjectionToken<HealthIndicator>,
    readonly moduleRef: ModuleRef,
  ) {}

  async resolve(): Promise<HealthIndicator> {
    try {
      return this.moduleRef.get(this.indicator, { strict: false });
    } catch (error) {
      // Not provided anywhere: instantiate the class here (PostgresHealthIndicator needs only the DataSource).
      if (typeof this.indicator !== 'function') throw error;
      return this.moduleRef.create(this.indicator as Type<HealthIndicator>);
    }
  }
}

let registrations = 0;

/**
 * Adds a readiness check; put it in any module's `providers`. Nest has no multi-providers,
 * so each registration gets its own token and the health module collects them by type.
 * The indicator may already be provided elsewhere (KafkaHealthIndicator by MessagingModule)
 * or be a plain @Injectable class that is created on demand.
 */
export function provideHealthIndicator(indicator: InjectionToken<HealthIndicator>): Provider {
  const name = typeof indicator === 'function' ? indicator.name : String(indicator);
  registrations += 1;
  return {
    provide: Symbol(`health-indicator:${name}:${registrations}`),
    useFactory: (moduleRef: ModuleRef) => new HealthIndicatorRegistration(indicator, moduleRef),
    inject: [ModuleRef],
  };
}
