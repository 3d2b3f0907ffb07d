import { authorizationTypeSchema, mechanismSchema, profileRefSchema } from '@actionhub/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { problems } from './configuration.problems';
import { ConfigurationStore } from './configuration.store';
import { configurationView } from './configuration.view';

export const putConfigurationSchema = z
  .object({
    authorizationType: authorizationTypeSchema,
    mechanism: mechanismSchema,
    profile: profileRefSchema,
  })
  .strict();

export type PutConfigurationInput = z.output<typeof putConfigurationSchema>;

/**
 * Creates the configuration as a draft, or edits it. Changing how it is authorized makes every
 * earlier authorization stale; on a configured action the change is published by the next save.
 */
@Injectable()
export class PutConfigurationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ConfigurationStore,
  ) {}

  async execute(appId: string, actionKey: string, input: PutConfigurationInput) {
    const action = this.store.actionOr404(actionKey);
    if (!action.mechanisms.includes(input.mechanism)) {
      throw problems.mechanismNotSupported(actionKey, input.mechanism);
    }
    if (input.authorizationType === 'user-authorize' && input.mechanism === 'basic') {
      throw problems.basicNeedsPreAuthorize();
    }
    const settings = {
      authorizationType: input.authorizationType,
      mechanism: input.mechanism,
      profileKind: input.profile.kind,
      profileId: input.profile.kind === 'custom' ? input.profile.profileId : null,
    };
    const configuration = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ActionConfigurationEntity)
        .values({ id: randomUUID(), appId, actionKey, state: 'draft', ...settings })
        .orIgnore()
        .returning(['id'])
        .execute();
      const c = await this.store.lockOr404(manager, appId, actionKey);
      if ((inserted.raw as unknown[]).length > 0) return c;

      const profileChanged = c.profileKind !== settings.profileKind || c.profileId !== settings.profileId;
      const changed =
        profileChanged ||
        c.authorizationType !== settings.authorizationType ||
        c.mechanism !== settings.mechanism;
      if (!changed) return c;
      Object.assign(c, settings);
      c.authorizationRequiredSince = new Date();
      if (profileChanged) c.profileDeleted = false;
      if (c.configuredAt) c.pendingChanges = true;
      return manager.save(c);
    });
    return configurationView(configuration);
  }
}
