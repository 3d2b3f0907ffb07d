import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationNoticeEntity } from './integration-notice.entity';

/** Skip for Now. Dismissing twice is fine; another app's notice is 404 like a missing one. */
@Injectable()
export class DismissNoticeUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(appId: string, noticeId: string): Promise<void> {
    const notice = await this.dataSource.manager.findOneBy(IntegrationNoticeEntity, { id: noticeId, appId });
    if (!notice) throw new ProblemException(404, 'notice_not_found', 'There is no such notice for this app.');
    if (notice.dismissedAt) return;
    await this.dataSource.manager.update(
      IntegrationNoticeEntity,
      { id: noticeId },
      { dismissedAt: new Date() },
    );
  }
}
