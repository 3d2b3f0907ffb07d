import { CorrelationId, ZodValidationPipe } from '@actionhub/service-kit';
import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { z } from 'zod';
import { AppIdPipe } from '../http/app-id.pipe';
import { GetInstallationUseCase } from './get-installation.use-case';
import { UninstallTemplateUseCase } from './uninstall-template.use-case';

const InstallationIdPipe = new ZodValidationPipe(z.string().uuid());

@Controller('v1/apps/:appId/installations')
export class InstallationsController {
  constructor(
    private readonly getInstallation: GetInstallationUseCase,
    private readonly uninstallTemplate: UninstallTemplateUseCase,
  ) {}

  @Get(':installationId')
  get(
    @Param('appId', AppIdPipe) appId: string,
    @Param('installationId', InstallationIdPipe) installationId: string,
  ) {
    return this.getInstallation.execute(appId, installationId);
  }

  /** 202: uninstalled here at once; dialogs removes the dialog task when TemplateUninstalled reaches it. */
  @Delete(':installationId')
  @HttpCode(202)
  async uninstall(
    @Param('appId', AppIdPipe) appId: string,
    @Param('installationId', InstallationIdPipe) installationId: string,
    @CorrelationId() correlationId: string,
  ) {
    await this.uninstallTemplate.execute(appId, installationId, correlationId);
    return { installationId, status: 'uninstalled' as const };
  }
}
