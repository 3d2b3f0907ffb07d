import { z } from 'zod';

// Field schemas shared by several events, so one concept has one shape on every topic.

export const uuid = z.string().uuid();

// Keys end up inside Kafka keys (`appId:actionKey`): no separators or spaces in them.
const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Invalid key: letters, digits, ".", "_" and "-" only');

export const actionKey = slug;
export const templateKey = slug;

export const authorizationType = z.enum(['pre-authorize', 'user-authorize']);
export const mechanism = z.enum(['oauth2', 'basic']);

/** Which authorization profile an action uses: the platform's own app or one the app created. */
export const profileRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('custom'), profileId: uuid }),
]);

/** The profile behind a connection, as the authorization routes name it. */
export const profileId = z.union([uuid, z.literal('system')]);

// endUserId comes from the assistant platform, not from us, so it is not necessarily a UUID.
export const subject = z.discriminatedUnion('type', [
  z.object({ type: z.literal('app') }),
  z.object({ type: z.literal('end-user'), endUserId: z.string().min(1).max(255) }),
]);

/** The third-party site a connection reaches (for Atlassian, the accessible resource). */
export const site = z.object({
  cloudId: z.string().min(1),
  url: z.string().url(),
  name: z.string(),
});

// A reason is read by people and stored in DLQs and logs: short, and never a secret or token.
export const reason = z.string().min(1).max(1000);

export type AuthorizationType = z.infer<typeof authorizationType>;
export type Mechanism = z.infer<typeof mechanism>;
export type ProfileRef = z.infer<typeof profileRef>;
export type ProfileId = z.infer<typeof profileId>;
export type Subject = z.infer<typeof subject>;
export type Site = z.infer<typeof site>;

/** For ids taken from URL paths: anything else is "not found", never a database error. */
export const isUuid = (value: string): boolean => uuid.safeParse(value).success;
