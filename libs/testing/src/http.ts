import { AddressInfo, createServer } from 'node:net';

/** An HTTP answer in tests: its body's shape is what the expect() calls check. */
export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** JSON over HTTP with an optional bearer token; redirects are not followed, HTML stays text. */
export async function callJson(
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // an HTML page stays text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A port free right now on 127.0.0.1, for a service whose URL must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
