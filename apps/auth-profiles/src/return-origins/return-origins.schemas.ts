import { z } from 'zod';

export const MAX_RETURN_ORIGINS = 20;
export const MAX_ORIGIN_LENGTH = 300;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An origin (`https://host[:port]`, nothing after it), https only; in development also
 * http://localhost and http://127.0.0.1 for a builder's local page. Normalized to URL.origin.
 */
const originSchema = (allowHttpLoopback: boolean) =>
  z
    .string()
    .max(MAX_ORIGIN_LENGTH)
    .transform((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be an origin such as https://example.com',
        });
        return z.NEVER;
      }
      const bare = value.replace(/\/$/, '').toLowerCase();
      if (url.origin === 'null' || url.origin.toLowerCase() !== bare) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be an origin only (scheme, host and port; no path, query or credentials)',
        });
        return z.NEVER;
      }
      const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
      if (url.protocol !== 'https:' && !(allowHttpLoopback && loopbackHttp)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: allowHttpLoopback
            ? 'must be https (http only for localhost or 127.0.0.1)'
            : 'must be https',
        });
        return z.NEVER;
      }
      return url.origin;
    });

export const returnOriginsSchema = (allowHttpLoopback: boolean) =>
  z
    .object({
      origins: z
        .array(originSchema(allowHttpLoopback))
        .max(MAX_RETURN_ORIGINS, `at most ${MAX_RETURN_ORIGINS} origins`)
        .transform((origins) => [...new Set(origins)]),
    })
    .strict();
