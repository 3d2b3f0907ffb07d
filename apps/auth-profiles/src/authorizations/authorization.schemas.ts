import {
  actionKeySchema as actionKey,
  profileIdSchema as profileId,
  subjectSchema as subject,
} from '@actionhub/contracts';
import { EDITIONS } from '@actionhub/service-kit';
import { z } from 'zod';

const httpUrl = (max: number) =>
  z
    .string()
    .max(max)
    .url('must be a URL')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const basicCredentialsSchema = z
  .object({
    // Leaves room for the API path within the connection's 3000-character api_base_url.
    siteUrl: httpUrl(2000),
    username: z.string().min(1).max(255),
    apiToken: z.string().min(1).max(1000),
  })
  .strict();

export const startAuthorizationSchema = z
  .object({
    actionKey,
    profileId,
    subject,
    returnTo: httpUrl(3000).optional(),
    /** Which site to connect when the user's token reaches several: cloud id, URL or name. */
    site: z.string().min(1).max(3000).optional(),
    credentials: basicCredentialsSchema.optional(),
  })
  .strict();

/** The internal route carries the app's edition, since no user token comes with it. */
export const internalStartAuthorizationSchema = startAuthorizationSchema
  .extend({ edition: z.enum(EDITIONS) })
  .strict();

export type StartAuthorizationInput = z.output<typeof startAuthorizationSchema>;
export type BasicCredentials = z.output<typeof basicCredentialsSchema>;
