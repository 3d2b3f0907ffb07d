import { isUuid } from '@actionhub/contracts';
import { OutboxWriter } from '@actionhub/messaging';
import { actionCatalog } from '@actionhub/providers';
import { OutboundUrlPolicy, parseInput, ProblemException, SERVICE_CONFIG } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { callbackUrlOf } from '../auth-profiles.providers';
import { AppConfig, systemClientOf } from '../config/auth-profiles.config';
import { revokeConnections } from '../connections/revoke-connections';
import { SecretCipher } from '../crypto/secret-cipher';
import { ProviderEndpoints } from '../oauth/provider-endpoints';
import { AuthProfileEntity } from './auth-profile.entity';
import { ClientRejections } from './client-rejections';
import { customClientOf, secretContext } from './profile-client';
import { assertEndpointsAllowed } from './endpoint-check';
import {
  createProfileSchema,
  ENDPOINT_FIELDS,
  updateBasicProfileSchema,
  updateOAuth2ProfileSchema,
} from './profile.schemas';
import { authProfileDeleted } from './profile.events';
import { customProfileView, systemProfileView } from './profile.view';

/** Custom profiles of an app (create, read, update, delete) and the read-only system ones. */
@Injectable()
export class ProfilesService {
  private readonly callbackUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
    private readonly urls: OutboundUrlPolicy,
    private readonly outbox: OutboxWriter,
    private readonly rejections: ClientRejections,
    private readonly endpoints: ProviderEndpoints,
  ) {
    this.callbackUrl = callbackUrlOf(config);
  }

  async list(appId: string) {
    const custom = await this.db
      .getRepository(AuthProfileEntity)
      .find({ where: { appId }, order: { createdAt: 'ASC' } });
    const systems = actionCatalog.flatMap((action) => {
      const client = systemClientOf(this.config, action.key);
      return client ? [{ action, client }] : [];
    });
    const fingerprints = new Map<string, string>([
      ...systems.map(({ action, client }): [string, string] => [
        `system:${action.key}`,
        this.rejections.fingerprint({
          ...client,
          refreshTokenUrl: this.endpoints.url(action.oauth2.refreshTokenUrl),
        }),
      ]),
      ...this.customFingerprints(custom),
    ]);
    const rejected = await this.rejections.inForce(fingerprints);
    return {
      items: [
        ...systems.map(({ action, client }) =>
          systemProfileView(action, client.clientId, this.callbackUrl, rejected.get(`system:${action.key}`)),
        ),
        ...custom.map((p) => customProfileView(p, this.callbackUrl, rejected.get(p.id))),
      ],
      nextCursor: null,
    };
  }

  async get(appId: string, profileId: string) {
    const profile = await this.find(this.db.manager, appId, profileId);
    const rejected = await this.rejections.inForce(new Map(this.customFingerprints([profile])));
    return customProfileView(profile, this.callbackUrl, rejected.get(profile.id));
  }

  private customFingerprints(profiles: AuthProfileEntity[]): [string, string][] {
    return profiles
      .filter((p) => p.type === 'oauth2')
      .map((p) => [p.id, this.rejections.fingerprint(customClientOf(p, this.cipher))]);
  }

  async create(appId: string, body: unknown) {
    const input = parseInput(createProfileSchema, body);
    if (input.type === 'oauth2') await assertEndpointsAllowed(this.urls, pick(input, ENDPOINT_FIELDS));
    const id = randomUUID();
    const profile = this.db.getRepository(AuthProfileEntity).create({
      id,
      appId,
      type: input.type,
      name: input.name,
      identityProviderName: input.identityProviderName,
      description: input.description ?? null,
      ...(input.type === 'oauth2'
        ? {
            clientId: input.clientId,
            clientSecretEncrypted: this.cipher.encrypt(input.clientSecret, secretContext(id)),
            authorizationUrl: input.authorizationUrl,
            tokenUrl: input.tokenUrl,
            refreshTokenUrl: input.refreshTokenUrl ?? null,
            scopes: input.scopes,
            authorizationParams: input.authorizationParams ?? {},
            tokenRequestAuth: input.tokenRequestAuth ?? 'client_secret_post',
            pkce: input.pkce ?? false,
          }
        : {}),
    });
    await this.saveUniqueName(profile);
    return this.get(appId, id);
  }

  async update(appId: string, profileId: string, body: unknown) {
    const profile = await this.find(this.db.manager, appId, profileId);
    if (profile.type === 'basic') {
      const input = parseInput(updateBasicProfileSchema, body);
      Object.assign(profile, withoutUndefined({ ...input, type: undefined }));
    } else {
      const input = parseInput(updateOAuth2ProfileSchema, body);
      await assertEndpointsAllowed(this.urls, pick(input, ENDPOINT_FIELDS));
      const { clientSecret, type: _type, ...fields } = input;
      Object.assign(profile, withoutUndefined(fields));
      if (clientSecret !== undefined)
        profile.clientSecretEncrypted = this.cipher.encrypt(clientSecret, secretContext(profile.id));
    }
    await this.saveUniqueName(profile);
    return this.get(appId, profileId);
  }

  /** Deletes the profile, revokes the connections made with it and tells action-config. */
  async delete(appId: string, profileId: string, correlationId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const profile = await this.find(manager, appId, profileId, true);
      await manager.delete(AuthProfileEntity, profile.id);
      await this.outbox.append(manager, authProfileDeleted(profile, { correlationId }));
      // Without the profile's client, those connections could never be refreshed.
      await revokeConnections(
        manager,
        this.outbox,
        { appId, profileId: profile.id },
        { correlationId, reason: 'profile deleted' },
      );
    });
  }

  /** The app's profile or 404: another app's profile does not exist for this caller. */
  async find(
    manager: EntityManager,
    appId: string,
    profileId: string,
    lock = false,
  ): Promise<AuthProfileEntity> {
    const profile = isUuid(profileId)
      ? await manager.findOne(AuthProfileEntity, {
          where: { id: profileId, appId },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!profile)
      throw new ProblemException(
        404,
        'profile_not_found',
        `No authorization profile ${profileId} in this app.`,
      );
    return profile;
  }

  private async saveUniqueName(profile: AuthProfileEntity): Promise<void> {
    try {
      await this.db.getRepository(AuthProfileEntity).save(profile);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ProblemException(
          409,
          'profile_name_taken',
          `This app already has a profile named "${profile.name}".`,
        );
      }
      throw error;
    }
  }
}

function pick<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, value[k] as string | undefined]));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
