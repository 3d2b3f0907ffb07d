import { Body, Controller, ForbiddenException, Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../../auth/public.decorator';
import { startTestApp, TestApp } from '../../__tests__/support/test-app';
import { ProblemException } from '../problem.exception';
import { ZodValidationPipe } from '../zod-validation.pipe';

const createThing = z.object({ name: z.string().min(1), scopes: z.array(z.string()) });

@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@Body(new ZodValidationPipe(createThing)) body: z.infer<typeof createThing>): { name: string } {
    return { name: body.name };
  }

  @Get('conflict')
  conflict(): never {
    throw new ProblemException(409, 'already_installed', 'The template is installed already.');
  }

  @Get('forbidden')
  forbidden(): never {
    throw new ForbiddenException('Not for you.');
  }

  @Get('pool-exhausted')
  poolExhausted(): never {
    // What pg-pool rejects with when no connection comes free within connectionTimeoutMillis.
    throw new Error('timeout exceeded when trying to connect');
  }

  @Get('statement-timeout')
  statementTimeout(): never {
    // What TypeORM's QueryFailedError carries when statement_timeout cancelled the query.
    throw Object.assign(new Error('canceling statement due to statement timeout'), {
      driverError: { code: '57014' },
    });
  }

  @Get('crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }
}

describe('problem+json errors', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ controllers: [ThingsController] });
  });
  afterAll(() => testApp.close());

  async function call(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
    const response = await fetch(`${testApp.url}${path}`, init);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  const postJson = (body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

  it.each(['pool-exhausted', 'statement-timeout'])(
    'answers a database bulkhead refusal (%s) with 503 database_busy and Retry-After, no internals',
    async (path) => {
      const response = await fetch(`${testApp.url}/things/${path}`);
      const body = (await response.json()) as Record<string, unknown>;
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(body).toMatchObject({ status: 503, code: 'database_busy' });
      expect(JSON.stringify(body)).not.toMatch(/timeout exceeded|canceling statement/);
    },
  );

  it('answers invalid input with 400 validation_failed and a path per problem', async () => {
    const { status, type, body } = await call(
      '/things',
      postJson(JSON.stringify({ name: '', scopes: ['read', 7] })),
    );

    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toEqual({
      type: 'https://actionhub.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: expect.any(String),
      code: 'validation_failed',
      errors: [
        { path: 'body.name', message: expect.stringContaining('at least 1') },
        { path: 'body.scopes.1', message: 'Expected string, received number' },
      ],
    });
  });

  it('passes valid input through parsed', async () => {
    const { status, body } = await call('/things', postJson(JSON.stringify({ name: 'n', scopes: [] })));

    expect(status).toBe(201);
    expect(body).toEqual({ name: 'n' });
  });

  it('answers a malformed JSON body with 400 malformed_json', async () => {
    const { status, type, body } = await call('/things', postJson('{"name": '));

    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      status: 400,
      code: 'malformed_json',
      type: 'https://actionhub.dev/problems/malformed_json',
    });
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const { status, body } = await call(
      '/things',
      postJson(JSON.stringify({ name: 'x'.repeat(200_000), scopes: [] })),
    );

    expect(status).toBe(413);
    expect(body).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  it('answers an unknown route with 404 not_found', async () => {
    const { status, type, body } = await call('/no/such/route');

    expect(status).toBe(404);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' });
  });

  it('keeps the status and code of a ProblemException', async () => {
    const { status, body } = await call('/things/conflict');

    expect(status).toBe(409);
    expect(body).toEqual({
      type: 'https://actionhub.dev/problems/already_installed',
      title: 'Conflict',
      status: 409,
      detail: 'The template is installed already.',
      code: 'already_installed',
    });
  });

  it('maps Nest HTTP exceptions to their generic code', async () => {
    const { status, body } = await call('/things/forbidden');

    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'forbidden', detail: 'Not for you.' });
  });

  it('answers an unexpected error with 500 internal_error and an errorId, logging the stack under it', async () => {
    const { status, body } = await call('/things/crash');

    expect(status).toBe(500);
    expect(body).toEqual({
      type: 'https://actionhub.dev/problems/internal_error',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.any(String),
      code: 'internal_error',
      errorId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('.ts:');

    const logged = testApp.logs.entries().find((entry) => entry.errorId === body.errorId);
    expect(logged).toMatchObject({ level: 50, err: { message: 'database password is hunter2' } });
    expect((logged?.err as { stack: string }).stack).toContain('ThingsController.crash');
  });
});
