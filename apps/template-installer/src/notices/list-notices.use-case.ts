import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { IntegrationNoticeEntity } from './integration-notice.entity';

export const NOTICE_OPTIONS = ['explore-templates', 'skip-for-now'] as const;

/** The app's notices still waiting for an answer (dismissed ones are gone), oldest first. */
@Injectable()
export class ListNoticesUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(appId: string) {
    const notices = await this.dataSource.manager.find(IntegrationNoticeEntity, {
      where: { appId, dismissedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return {
      items: notices.map((n) => ({
        noticeId: n.id,
        type: 'integration-successful' as const,
        actionKey: n.actionKey,
        configurationId: n.configurationId,
        createdAt: n.createdAt.toISOString(),
        options: [...NOTICE_OPTIONS],
      })),
      nextCursor: null,
    };
  }
}
