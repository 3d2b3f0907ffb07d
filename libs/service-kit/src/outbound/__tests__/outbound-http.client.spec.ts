import http from 'node:http';
import { AddressInfo, createServer, Socket } from 'node:net';
import { OutboundError, OutboundHttpClient } from '../outbound-http.client';
import { OutboundUrlPolicy } from '../outbound-url.policy';

// A local server stands for the tenant's host; the allow-list admits it under a made-up name
// that only the stubbed resolver knows, so reaching it proves the pinned address was used.
describe('OutboundHttpClient', () => {
  let server: http.Server;
  let port: number;
  const sockets = new Set<Socket>();
  const seen: { host?: string; path?: string }[] = [];
  let closedSockets = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ host: req.headers.host, path: req.url });
      if (req.url === '/stall') return; // never answers
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'x-answer': 'yes' });
      res.end(`hello ${req.method}`);
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => {
        closedSockets += 1;
        sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const resolverCalls: string[] = [];
  const client = (timeoutMs = 2000, maxBytes?: number) =>
    new OutboundHttpClient(
      new OutboundUrlPolicy([`tenant.test:${port}`], async (host) => {
        resolverCalls.push(host);
        return host === 'tenant.test' ? ['127.0.0.1'] : [];
      }),
      timeoutMs,
      maxBytes,
    );

  it('connects to the checked address, with the original Host, resolving once', async () => {
    resolverCalls.length = 0;
    const answer = await client().request({
      url: `http://tenant.test:${port}/hello`,
      method: 'POST',
      body: 'x',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('hello POST');
    expect(seen.at(-1)).toEqual({ host: `tenant.test:${port}`, path: '/hello' });
    expect(resolverCalls).toEqual(['tenant.test']);
  });

  it('refuses a URL the policy refuses, before connecting', async () => {
    const before = seen.length;
    await expect(client().request({ url: `http://127.0.0.1:${port}/hello` })).rejects.toMatchObject({
      kind: 'not_allowed',
    });
    expect(seen.length).toBe(before);
  });

  it('aborts a stalled call at its timeout and closes the socket', async () => {
    const closedBefore = closedSockets;
    const error = await client(300)
      .request({ url: `http://tenant.test:${port}/stall` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect(error).toMatchObject({ kind: 'timed_out', message: 'no answer within 300 ms' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closedSockets).toBeGreaterThan(closedBefore);
  });

  it('stops reading an endless answer at the size cap', async () => {
    const error = await client(5000, 256 * 1024)
      .request({ url: `http://tenant.test:${port}/endless` })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'too_large' });
  });

  it('answers "refused" for a closed port and "tls_failed" when TLS does not come up', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const policy = new OutboundUrlPolicy([`127.0.0.1:${closedPort}`, `127.0.0.1:${port}`]);
    const c = new OutboundHttpClient(policy, 2000);
    await expect(c.request({ url: `http://127.0.0.1:${closedPort}/` })).rejects.toMatchObject({
      kind: 'refused',
    });
    await expect(c.request({ url: `https://127.0.0.1:${port}/` })).rejects.toMatchObject({
      kind: 'tls_failed',
    });
  });

  it('serves as fetch for the connectors', async () => {
    const response = await client().fetch(`http://tenant.test:${port}/hello`, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('hello GET');
  });
});
