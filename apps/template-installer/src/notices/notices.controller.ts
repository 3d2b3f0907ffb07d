import { ZodValidationPipe } from '@actionhub/service-kit';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { AppIdPipe } from '../http/app-id.pipe';
import { DismissNoticeUseCase } from './dismiss-notice.use-case';
import { ListNoticesUseCase } from './list-notices.use-case';

@Controller('v1/apps/:appId/notices')
export class NoticesController {
  constructor(
    private readonly listNotices: ListNoticesUseCase,
    private readonly dismissNotice: DismissNoticeUseCase,
  ) {}

  @Get()
  list(@Param('appId', AppIdPipe) appId: string) {
    return this.listNotices.execute(appId);
  }

  @Post(':noticeId/dismiss')
  @HttpCode(204)
  async dismiss(
    @Param('appId', AppIdPipe) appId: string,
    @Param('noticeId', new ZodValidationPipe(z.string().uuid())) noticeId: string,
  ): Promise<void> {
    await this.dismissNotice.execute(appId, noticeId);
  }
}
