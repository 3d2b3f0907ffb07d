import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Json } from './api-client';

export interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  correlationId: string | undefined;
  body: Json;
}

export type StubAnswer = { status: number; body: unknown; contentType?: string };

/**
 * A real HTTP server standing in for auth-profiles' internal authorization route until that
 * service lands: it records what action-config sent and answers what the test scripted.
 */
export class AuthProfilesStub {
  readonly requests: StubRequest[] = [];
  private server: Server | null = null;
  private answer: (request: StubRequest) => StubAnswer = () => ({ status: 500, body: {} });

  answerWith(answer: (request: StubRequest) => StubAnswer): void {
    this.answer = answer;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: StubRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      correlationId: req.headers['x-correlation-id'] as string | undefined,
      body: text ? JSON.parse(text) : null,
    };
    this.requests.push(request);
    const answer = this.answer(request);
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(JSON.stringify(answer.body));
  }
}
