import { Injectable } from '@nestjs/common';
import { startTestApp, TestApp } from '../../__tests__/support/test-app';
import { HealthIndicator, provideHealthIndicator } from '../health-indicator';

/** Stands in for PostgresHealthIndicator: an @Injectable class nobody else provides. */
@Injectable()
class FakePostgresIndicator implements HealthIndicator {
  static failure: Error | null = null;
  readonly name = 'postgres';

  async check(): Promise<void> {
    if (FakePostgresIndicator.failure) throw FakePostgresIndicator.failure;
  }
}

/** Stands in for KafkaHealthIndicator: built by a factory in another module, registered by its token. */
class FakeKafkaIndicator implements HealthIndicator {
  readonly name = 'kafka';
  hang = false;

  check(): Promise<void> {
    return this.hang ? new Promise(() => undefined) : Promise.resolve();
  }
}

describe('health endpoints', () => {
  let testApp: TestApp;
  const kafka = new FakeKafkaIndicator();

  beforeAll(async () => {
    testApp = await startTestApp(
      {
        providers: [
          { provide: FakeKafkaIndicator, useValue: kafka },
          provideHealthIndicator(FakePostgresIndicator),
          provideHealthIndicator(FakeKafkaIndicator),
        ],
      },
      { healthCheckTimeoutMs: 100 },
    );
  });
  afterAll(() => testApp.close());
  afterEach(() => {
    FakePostgresIndicator.failure = null;
    kafka.hang = false;
  });

  async function get(path: string) {
    const response = await fetch(`${testApp.url}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('answers liveness with 200 and no token', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers readiness with 200 when every indicator is up', async () => {
    expect(await get('/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { postgres: 'up', kafka: 'up' } },
    });
  });

  it('answers readiness with 503 naming the indicator that is down and why', async () => {
    FakePostgresIndicator.failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');

    expect(await get('/health/ready')).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        checks: { postgres: 'down', kafka: 'up' },
        reasons: { postgres: 'connect ECONNREFUSED 127.0.0.1:5432' },
      },
    });
  });

  it('counts an indicator that does not answer in time as down', async () => {
    kafka.hang = true;

    expect(await get('/health/ready')).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        checks: { postgres: 'up', kafka: 'down' },
        reasons: { kafka: 'no answer within 100 ms' },
      },
    });
  });
});
