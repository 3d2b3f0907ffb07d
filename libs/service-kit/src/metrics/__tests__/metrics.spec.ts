import { Controller, Get, Inject, Param } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { Public } from '../../auth/public.decorator';
import { startTestApp, TestApp } from '../../__tests__/support/test-app';
import { METRICS_REGISTRY } from '../../service-kit.tokens';

@Public()
@Controller('v1/apps/:appId/things')
class ThingsController {
  private readonly reads: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.reads = new Counter({ name: 'things_read_total', help: 'Things read.', registers: [registry] });
  }

  @Get(':thingId')
  read(@Param('thingId') thingId: string): { thingId: string } {
    this.reads.inc();
    return { thingId };
  }
}

describe('GET /metrics', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ controllers: [ThingsController] });
  });
  afterAll(() => testApp.close());

  async function scrape(): Promise<{ type: string | null; text: string }> {
    const response = await fetch(`${testApp.url}/metrics`);
    expect(response.status).toBe(200);
    return { type: response.headers.get('content-type'), text: await response.text() };
  }

  it('times requests by method, route template and status', async () => {
    await fetch(`${testApp.url}/v1/apps/app-1/things/t-1`);
    await fetch(`${testApp.url}/v1/apps/app-2/things/t-2`);
    await fetch(`${testApp.url}/no/such/route`);

    const { type, text } = await scrape();

    expect(type).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE http_server_requests_seconds histogram');
    expect(text).toContain(
      'http_server_requests_seconds_count{service="test-service",method="GET",route="/v1/apps/:appId/things/:thingId",status="200"} 2',
    );
    expect(text).toContain(
      'http_server_requests_seconds_count{service="test-service",method="GET",route="unmatched",status="404"} 1',
    );
    expect(text).not.toContain('app-1');
  });

  it('exposes default process metrics and metrics other code registered, all labelled with the service', async () => {
    const { text } = await scrape();

    expect(text).toMatch(/process_cpu_user_seconds_total\{service="test-service"\} \d/);
    expect(text).toMatch(/things_read_total\{service="test-service"\} \d/);
  });
});
