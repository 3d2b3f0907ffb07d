import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeveloperNotificationEntity } from './developer-notification.entity';

const LIMIT = 100;

@Injectable()
export class ListNotificationsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  /** The app's newest notifications first. */
  async execute(appId: string) {
    const rows = await this.dataSource.manager.find(DeveloperNotificationEntity, {
      where: { appId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: LIMIT,
    });
    return {
      items: rows.map((n) => ({
        notificationId: n.id,
        type: n.type,
        actionKey: n.actionKey,
        configurationId: n.configurationId,
        message: n.message,
        createdAt: n.createdAt.toISOString(),
      })),
      nextCursor: null,
    };
  }
}
