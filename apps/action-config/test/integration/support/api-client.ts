import { Edition, signDevToken } from '@actionhub/service-kit';
import { JWT_SECRET } from './boot-service';

// Answers are read field by field in assertions; typing every shape would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  contentType: string | null;
  body: T;
}

/** A developer token for the given apps. */
export const developerToken = (apps: string[], edition: Edition = 'developer') =>
  signDevToken({ sub: 'developer@example.com', apps, edition }, JWT_SECRET);

/** JSON over fetch against a running service, as one developer. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async forApp(baseUrl: string, appId: string, edition: Edition = 'developer') {
    return new ApiClient(baseUrl, await developerToken([appId], edition));
  }

  async call<T = Json>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: text ? JSON.parse(text) : null,
    };
  }

  get = <T = Json>(path: string) => this.call<T>('GET', path);
  post = <T = Json>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  put = <T = Json>(path: string, body?: unknown) => this.call<T>('PUT', path, body);
  delete = <T = Json>(path: string) => this.call<T>('DELETE', path);
}
