import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReturnOriginsEntity } from './return-origins.entity';

/** Each app's registered return origins, and the check every `returnTo` must pass. */
@Injectable()
export class ReturnOriginsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(appId: string): Promise<string[]> {
    const row = await this.db.getRepository(ReturnOriginsEntity).findOneBy({ appId });
    return row?.origins ?? [];
  }

  async replace(appId: string, origins: string[]): Promise<string[]> {
    await this.db.getRepository(ReturnOriginsEntity).upsert({ appId, origins }, ['appId']);
    return origins;
  }

  /**
   * After consent the browser is sent to `returnTo` with the authorization's id and outcome:
   * only to an origin the app registered, never an open redirect.
   */
  async assertAllowed(appId: string, returnTo: string): Promise<void> {
    const origin = new URL(returnTo).origin;
    if ((await this.list(appId)).includes(origin)) return;
    throw new ProblemException(
      422,
      'return_to_not_allowed',
      `returnTo's origin ${origin} is not registered for this app; add it with PUT /v1/apps/{appId}/return-origins.`,
      [{ path: 'body.returnTo', message: 'origin not registered for this app' }],
    );
  }
}
