import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { installationView } from './installation.view';
import { TemplateInstallationEntity } from './template-installation.entity';

export const installationNotFound = () =>
  new ProblemException(404, 'installation_not_found', 'There is no such installation for this app.');

/** One installation, whatever its status (an uninstalled one answers `status: "uninstalled"`). */
@Injectable()
export class GetInstallationUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(appId: string, installationId: string) {
    const installation = await this.dataSource.manager.findOneBy(TemplateInstallationEntity, {
      id: installationId,
      appId,
    });
    if (!installation) throw installationNotFound();
    return installationView(installation);
  }
}
