import { z } from 'zod';

// Limits follow the product's profile form: ids and secrets 255, URLs 3000 characters.
const httpUrl = z
  .string()
  .max(3000)
  .url('must be a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const oauth2Fields = {
  name: z.string().trim().min(1).max(100),
  identityProviderName: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
  clientId: z.string().min(1).max(255),
  clientSecret: z.string().min(1).max(255),
  authorizationUrl: httpUrl,
  tokenUrl: httpUrl,
  refreshTokenUrl: httpUrl.optional(),
  scopes: z
    .array(
      z
        .string()
        .regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/, 'a scope is 1-200 printable characters, no spaces'),
    )
    .max(50),
  authorizationParams: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'parameter names: letters, digits, "_", "." and "-"'),
      z.string().max(1000),
    )
    .refine((params) => Object.keys(params).length <= 20, 'at most 20 parameters')
    .refine(
      (params) => !Object.keys(params).some((k) => RESERVED_PARAMS.has(k)),
      'client_id, redirect_uri, response_type, scope, state and code_challenge are set by Actionhub',
    )
    .optional(),
  tokenRequestAuth: z.enum(['client_secret_post', 'client_secret_basic']).optional(),
  pkce: z.boolean().optional(),
};

const RESERVED_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
]);

const basicFields = {
  name: oauth2Fields.name,
  identityProviderName: oauth2Fields.identityProviderName,
  description: oauth2Fields.description,
};

export const createProfileSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('oauth2'), ...oauth2Fields }).strict(),
  z.object({ type: z.literal('basic'), ...basicFields }).strict(),
]);

/** PATCH: any field of the profile's type; the type itself cannot change. */
export const updateOAuth2ProfileSchema = z
  .object(oauth2Fields)
  .partial()
  .extend({ type: z.literal('oauth2').optional() })
  .strict();
export const updateBasicProfileSchema = z
  .object(basicFields)
  .partial()
  .extend({ type: z.literal('basic').optional() })
  .strict();

export type CreateProfileInput = z.output<typeof createProfileSchema>;
export type UpdateOAuth2ProfileInput = z.output<typeof updateOAuth2ProfileSchema>;
export type UpdateBasicProfileInput = z.output<typeof updateBasicProfileSchema>;

/** The profile fields that name endpoints we will call: each is checked against SSRF. */
export const ENDPOINT_FIELDS = ['authorizationUrl', 'tokenUrl', 'refreshTokenUrl'] as const;
