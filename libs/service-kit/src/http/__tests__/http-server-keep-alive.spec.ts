import { get } from 'node:http';
import { startTestApp, TestApp } from '../../__tests__/support/test-app';

// Clients and proxies learn how long an idle connection stays usable from the Keep-Alive header;
// Node's default (5 s) is shorter than theirs, so they would reuse connections the service closes.
describe('HTTP keep-alive', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp?.close());

  it('keeps idle connections for 65 s, longer than load balancers and proxies do', async () => {
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      get(`${testApp.url}/health/live`, { headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      }).on('error', reject);
    });
    expect(headers['keep-alive']).toBe('timeout=65');
  });
});
