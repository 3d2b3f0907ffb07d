import { OutboxWriter } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { installationNotFound } from './get-installation.use-case';
import { uninstall } from './uninstall-installations';
import { TemplateInstallationEntity } from './template-installation.entity';

/**
 * Uninstalls at once: the installation is `uninstalled` when the request returns (the template
 * can be installed again right away) and TemplateUninstalled asks dialogs to remove the task.
 * Uninstalling twice is fine and publishes nothing more.
 */
@Injectable()
export class UninstallTemplateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(appId: string, installationId: string, correlationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Locked: a DialogTaskCreated handled meanwhile must not turn it back into `installed`.
      const installation = await manager.findOne(TemplateInstallationEntity, {
        where: { id: installationId, appId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!installation) throw installationNotFound();
      if (installation.status === 'uninstalled') return;
      await uninstall(manager, this.outbox, [installation], { correlationId });
    });
  }
}
